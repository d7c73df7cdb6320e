package io.nqflow.simulator.eval;

import io.nqflow.simulator.Episode;
import java.util.List;

/**
 * One scored session: a day of one simulated run, its episodes and the signals (every variant)
 * whose event time falls on that day.
 *
 * @param run the run folder as given on the command line
 * @param day session date, yyyy-mm-dd
 * @param regime the session's market regime
 * @param minutes session length in minutes of market time
 * @param episodes the day's episodes from truth.jsonl
 * @param signals the day's signals, every variant
 */
public record Session(
    String run,
    String day,
    String regime,
    double minutes,
    List<Episode> episodes,
    List<Signal> signals) {

  public Session {
    episodes = List.copyOf(episodes);
    signals = List.copyOf(signals);
  }

  public double hours() {
    return minutes / 60.0;
  }
}
