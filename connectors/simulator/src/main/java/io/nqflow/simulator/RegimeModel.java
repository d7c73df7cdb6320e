package io.nqflow.simulator;

import static io.nqflow.simulator.SimTime.SEC;

/**
 * How a session's {@link Regime} bends the model: volatility range, drift, the gap at the open, the
 * news jump, activity and requote thresholds over the day. Draws its parameters from the session's
 * stream before anything else, and nothing at all for {@link Regime#NORMAL}, so normal sessions
 * stay byte for byte what they were before regimes existed.
 */
final class RegimeModel {
  private static final long MINUTE = 60 * SEC;

  final Regime regime;
  private final long open;
  private final long close;

  /** Volatility floor, cap and the level it reverts to. */
  final double volLo;

  final double volHi;
  final double volTarget;

  /** The session's opening volatility, NaN to keep the one carried from the previous session. */
  private final double openVol;

  /** Whether the random jumps of a normal day happen. */
  final boolean randomJumps;

  /** Log drift over the whole session (high_vol_trend). */
  final double sessionDrift;

  /** Factor on the background arrival rates. */
  final double tradeRate;

  /** Log move from the prior close to the open (gap_open). */
  final double gap;

  /** When the news jump is due, and its log size (news_jump); -1 when none. */
  final long newsAt;

  final double newsJump;
  private long newsDoneAt = -1;

  private RegimeModel(
      Regime regime,
      long open,
      long close,
      double volLo,
      double volHi,
      double volTarget,
      double openVol,
      boolean randomJumps,
      double sessionDrift,
      double tradeRate,
      double gap,
      long newsAt,
      double newsJump) {
    this.regime = regime;
    this.open = open;
    this.close = close;
    this.volLo = volLo;
    this.volHi = volHi;
    this.volTarget = volTarget;
    this.openVol = openVol;
    this.randomJumps = randomJumps;
    this.sessionDrift = sessionDrift;
    this.tradeRate = tradeRate;
    this.gap = gap;
    this.newsAt = newsAt;
    this.newsJump = newsJump;
  }

  /** The model of a session from {@code open} to {@code close}, drawing from {@code rnd}. */
  static RegimeModel of(Regime r, SessionRandom rnd, long open, long close) {
    long len = close - open;
    double nan = Double.NaN;
    return switch (r) {
      case NORMAL -> new RegimeModel(r, open, close, 0.10, 0.6, 0.2, nan, true, 0, 1, 0, -1, 0);
      case QUIET ->
          new RegimeModel(
              r, open, close, 0.10, 0.12, 0.11, rnd.uniform(0.10, 0.12), false, 0, 0.6, 0, -1, 0);
      case HIGH_VOL_TREND -> {
        double vol = rnd.uniform(0.40, 0.50);
        double drift = (rnd.nextBoolean() ? 1 : -1) * rnd.uniform(0.015, 0.03);
        yield new RegimeModel(r, open, close, 0.40, 0.50, 0.45, vol, true, drift, 1.8, 0, -1, 0);
      }
      case GAP_OPEN -> {
        double gap = (rnd.nextBoolean() ? 1 : -1) * rnd.uniform(0.01, 0.025);
        yield new RegimeModel(r, open, close, 0.10, 0.6, 0.2, nan, true, 0, 1, gap, -1, 0);
      }
      case NEWS_JUMP -> {
        long at = open + (long) (len * rnd.uniform(0.35, 0.65));
        double jump = (rnd.nextBoolean() ? 1 : -1) * rnd.uniform(0.008, 0.02);
        yield new RegimeModel(r, open, close, 0.10, 0.6, 0.2, nan, false, 0, 1, 0, at, jump);
      }
      case EXPIRATION, LUNCH_LULL ->
          new RegimeModel(r, open, close, 0.10, 0.6, 0.2, nan, true, 0, 1, 0, -1, 0);
    };
  }

  /** The volatility the session opens with, given the one carried from the previous session. */
  double openVol(double carried) {
    return Double.isNaN(openVol) ? carried : openVol;
  }

  /** Whether the session's volatility is set by the regime (and not carried to the next day). */
  boolean setsVol() {
    return !Double.isNaN(openVol);
  }

  /** Factor on the intraday activity (trade arrivals and price variance) at {@code t}. */
  double activityFactor(long t) {
    return regime == Regime.LUNCH_LULL && inLull(t) ? 0.25 : 1.0;
  }

  /** Factor on the price step's standard deviation at {@code t}. */
  double volFactor(long t) {
    if (regime == Regime.GAP_OPEN && t < open + 30 * MINUTE) {
      return 2.0;
    }
    if (newsDoneAt >= 0 && t < newsDoneAt + 30 * MINUTE) {
      return 2.0;
    }
    return 1.0;
  }

  /** Log drift of one step of {@code stepNs}. */
  double drift(long stepNs) {
    return sessionDrift * stepNs / (double) (close - open);
  }

  /** The news jump's log size if it is due at {@code t} and has not happened yet, else 0. */
  double newsJump(long t) {
    if (newsAt < 0 || newsDoneAt >= 0 || t < newsAt) {
      return 0.0;
    }
    newsDoneAt = t;
    return newsJump;
  }

  /** The event time of the news jump, -1 before it (or without one). */
  long newsDoneAt() {
    return newsDoneAt;
  }

  /** The best-price change that makes a maker re-price an option at {@code t}, in ticks. */
  int requoteTicks(long t, int base) {
    return regime == Regime.LUNCH_LULL && inLull(t) ? 2 * base : base;
  }

  /** Whether options expiring today get extra weight and episodes may pick them. */
  boolean zeroDte() {
    return regime == Regime.EXPIRATION;
  }

  /** 11:30 to 13:30 ET: two to four hours after the 09:30 open. */
  private boolean inLull(long t) {
    return t >= open + 120 * MINUTE && t < open + 240 * MINUTE;
  }
}
