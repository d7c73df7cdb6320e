package io.nqflow.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a simulation run wrote.
 *
 * @param outDir output directory
 * @param days one entry per session, in order
 * @param episodes all labelled episodes (as in truth.jsonl)
 */
public record SimulationResult(Path outDir, List<Day> days, List<Episode> episodes) {

  /**
   * One simulated session.
   *
   * @param date session date
   * @param live true for the last ("live") day
   * @param instruments instruments listed
   * @param options of which options
   * @param records record count per file name (definition.dbn, statistics.dbn, mbo.dbn, trades.dbn)
   * @param episodes episodes labelled this day
   * @param skippedEpisodes planned episodes that found no suitable instrument or liquidity
   * @param openPrice NQ futures price at the open
   * @param closePrice NQ futures price at the close
   * @param regime the session's market regime, e.g. {@code normal}
   */
  public record Day(
      String date,
      boolean live,
      int instruments,
      int options,
      Map<String, Long> records,
      int episodes,
      int skippedEpisodes,
      double openPrice,
      double closePrice,
      String regime) {}

  public SimulationResult {
    days = List.copyOf(days);
    episodes = List.copyOf(episodes);
  }
}
