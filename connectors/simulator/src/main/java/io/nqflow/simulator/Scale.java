package io.nqflow.simulator;

/**
 * Size presets of the simulated market. {@code SMALL} keeps tests fast; {@code FULL} approaches the
 * message count of a real NQ options session. See docs/simulator.md for the figures.
 *
 * @param weeklyExpiries Friday weekly option expiries listed besides end-of-month and quarterly
 * @param nearStrikes strikes each side of the money at 25-point spacing
 * @param farStrikes further strikes each side at 100-point spacing
 * @param mnqStrikes MNQ quarterly strikes each side at 25-point spacing
 * @param levels price levels each market maker quotes per side
 * @param quoteIntervalMs how often market makers re-price every option
 * @param futureStepMs how often the futures price moves and futures makers re-price
 * @param requoteTicks best-price change (in ticks) that makes a maker re-price an option
 * @param optionTradesPerSec background option trades per second (before the intraday shape)
 * @param futureTradesPerSec background futures trades per second (before the intraday shape)
 * @param episodesPerKind labelled episodes of each kind per session
 * @param accumulationFlowMultiple an ACCUMULATION trades at least this many times the option's
 *     expected background contracts over its duration (0: the premium draw alone; at small scale an
 *     option's background is sparse enough that the premium draw already stands out)
 */
public enum Scale {
  SMALL(1, 6, 12, 3, 3, 120_000, 5_000, 4, 0.25, 0.3, 1, 0),
  MEDIUM(2, 16, 8, 8, 3, 5_000, 1_000, 2, 1.5, 2.0, 2, 6),
  FULL(3, 40, 15, 16, 3, 4_000, 500, 2, 6.0, 8.0, 4, 6);

  public final int weeklyExpiries;
  public final int nearStrikes;
  public final int farStrikes;
  public final int mnqStrikes;
  public final int levels;
  public final int quoteIntervalMs;
  public final int futureStepMs;
  public final int requoteTicks;
  public final double optionTradesPerSec;
  public final double futureTradesPerSec;
  public final int episodesPerKind;
  public final double accumulationFlowMultiple;

  Scale(
      int weeklyExpiries,
      int nearStrikes,
      int farStrikes,
      int mnqStrikes,
      int levels,
      int quoteIntervalMs,
      int futureStepMs,
      int requoteTicks,
      double optionTradesPerSec,
      double futureTradesPerSec,
      int episodesPerKind,
      double accumulationFlowMultiple) {
    this.weeklyExpiries = weeklyExpiries;
    this.nearStrikes = nearStrikes;
    this.farStrikes = farStrikes;
    this.mnqStrikes = mnqStrikes;
    this.levels = levels;
    this.quoteIntervalMs = quoteIntervalMs;
    this.futureStepMs = futureStepMs;
    this.requoteTicks = requoteTicks;
    this.optionTradesPerSec = optionTradesPerSec;
    this.futureTradesPerSec = futureTradesPerSec;
    this.episodesPerKind = episodesPerKind;
    this.accumulationFlowMultiple = accumulationFlowMultiple;
  }

  /** Parses {@code small|medium|full} (any case). */
  public static Scale parse(String s) {
    for (Scale x : values()) {
      if (x.name().equalsIgnoreCase(s)) {
        return x;
      }
    }
    throw new IllegalArgumentException(
        "unknown scale '" + s + "' (expected small, medium or full)");
  }
}
