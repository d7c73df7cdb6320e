package io.nqflow.simulator.episode;

import io.nqflow.simulator.LiveInstrument;
import java.util.List;

/** A labelled episode in a session: picks its instruments at start, then acts on a schedule. */
public interface EpisodeRun {
  /** Picks instruments and schedules the first action; false if nothing suitable now. */
  boolean start();

  /** Ends the episode and writes its truth line if it traded (idempotent). */
  void finish();

  /** How long the episode means to run, ns. */
  long duration();

  /** The instruments it trades, chosen by {@link #start}. */
  List<LiveInstrument> legs();
}
