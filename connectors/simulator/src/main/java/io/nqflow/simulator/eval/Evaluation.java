package io.nqflow.simulator.eval;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation protocol's scorer: many simulated runs, each day a session, every variant's
 * signals side by side, with Wilson intervals, per-regime figures and reliability tables
 * (docs/simulator.md, "Matching rules").
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * How to score.
   *
   * @param grace time after an episode's end in which a signal still matches
   * @param days which days of each run are sessions
   * @param minConfidence drop signals below this level before scoring; null keeps all
   * @param scoreBins score buckets per algorithm in the reliability table (quantiles)
   */
  public record Options(Duration grace, RunLoader.Days days, String minConfidence, int scoreBins) {
    public Options {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative, was " + grace);
      }
      if (scoreBins < 1) {
        throw new IllegalArgumentException("score bins must be at least 1, was " + scoreBins);
      }
      if (minConfidence != null && !SessionScorer.LEVELS.contains(minConfidence)) {
        throw new IllegalArgumentException(
            "unknown confidence level '"
                + minConfidence
                + "', expected one of "
                + SessionScorer.LEVELS);
      }
    }

    public static Options defaults() {
      return new Options(Duration.ofSeconds(30), RunLoader.Days.MBO, null, 5);
    }
  }

  /** Loads the runs and scores them. */
  public static ProtocolReport evaluate(List<RunLoader.Run> runs, Options o) throws IOException {
    return evaluate(RunLoader.load(runs, o.days()), o);
  }

  /** Scores loaded sessions. */
  public static ProtocolReport evaluate(RunLoader.Loaded loaded, Options o) {
    List<Session> sessions = loaded.sessions();
    int dropped = 0;
    if (o.minConfidence() != null) {
      int min = SessionScorer.LEVELS.indexOf(o.minConfidence());
      List<Session> kept = new ArrayList<>();
      for (Session s : sessions) {
        List<Signal> keep = new ArrayList<>();
        for (Signal x : s.signals()) {
          int rank = SessionScorer.LEVELS.indexOf(x.confidence());
          if (rank < 0) {
            throw new IllegalArgumentException(
                "signal "
                    + x.signalId()
                    + " of run "
                    + s.run()
                    + " has confidence '"
                    + x.confidence()
                    + "', not one of "
                    + SessionScorer.LEVELS
                    + ": cannot apply --min-confidence");
          }
          if (rank >= min) {
            keep.add(x);
          } else {
            dropped++;
          }
        }
        kept.add(new Session(s.run(), s.day(), s.regime(), s.minutes(), s.episodes(), keep));
      }
      sessions = kept;
    }
    List<VariantReport> variants = new ArrayList<>();
    for (String v : loaded.variants()) {
      variants.add(SessionScorer.report(sessions, v, o.grace(), o.scoreBins()));
    }
    return new ProtocolReport(
        o.grace().toMillis(),
        o.days().name().toLowerCase(java.util.Locale.ROOT),
        o.minConfidence(),
        sessions,
        loaded.skippedDays(),
        loaded.skippedEpisodes(),
        loaded.skippedSignals(),
        dropped,
        loaded.notes(),
        variants);
  }
}
