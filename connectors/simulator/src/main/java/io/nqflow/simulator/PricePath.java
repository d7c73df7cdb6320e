package io.nqflow.simulator;

import io.nqflow.market.Black76;

/**
 * The futures price and at-the-money volatility through a session: a random walk scaled by the
 * intraday activity, with occasional jumps that lift volatility, and the option values they imply
 * (Black-76 on a skewed smile).
 */
final class PricePath {
  static final double YEAR_NS = 365.25 * 86_400e9;
  static final double TRADING_SECONDS_PER_YEAR = 252 * 23_400.0;
  static final double SKEW = -0.25;
  static final double SMILE = 1.5;
  static final double JUMPS_PER_SESSION = 2.0;

  /** The highest value of {@link #activity}. */
  static final double ACTIVITY_MAX = 3.4;

  private final long open;
  private final long close;
  private final int stepMs;
  private final SessionRandom rnd;
  private final RegimeModel regime;
  private double f;
  private double atmVol;

  PricePath(
      long open,
      long close,
      int stepMs,
      SessionRandom rnd,
      double f,
      double atmVol,
      RegimeModel regime) {
    this.open = open;
    this.regime = regime;
    this.close = close;
    this.stepMs = stepMs;
    this.rnd = rnd;
    this.f = f;
    this.atmVol = atmVol;
  }

  /** The futures price, index points. */
  double price() {
    return f;
  }

  double atmVol() {
    return atmVol;
  }

  /** Intraday activity: high at the open and into the close (U shape), mean about 1. */
  double activity(long t) {
    double x = (t - open) / (double) (close - open);
    double shape = 0.7 + 1.6 * Math.exp(-x / 0.08) + 1.0 * Math.exp(-(1 - x) / 0.08);
    return shape * regime.activityFactor(t);
  }

  /** Moves the price and volatility one step to {@code now} (nothing at the open itself). */
  void step(long now) {
    if (now > open) {
      double dt = stepMs / 1000.0;
      double sd =
          atmVol * regime.volFactor(now) * Math.sqrt(activity(now) * dt / TRADING_SECONDS_PER_YEAR);
      double ret = sd * rnd.gaussian();
      double jumpProb = JUMPS_PER_SESSION * dt / ((close - open) / (double) SimTime.SEC);
      if (regime.randomJumps && rnd.nextDouble() < jumpProb) {
        ret += 0.004 * rnd.gaussian();
        atmVol = Math.min(regime.volHi, atmVol + 0.01);
      }
      atmVol =
          Math.max(
              regime.volLo,
              Math.min(
                  regime.volHi,
                  atmVol + 0.0005 * rnd.gaussian() + 0.00002 * (regime.volTarget - atmVol)));
      // Regime terms are exactly 0 on a normal day, which keeps its bytes.
      ret += regime.drift(stepMs * SimTime.MS) + regime.newsJump(now);
      f *= Math.exp(ret);
    }
  }

  /** The option's delta at time {@code t} on the smile. */
  double delta(Instrument i, long t) {
    double years = Math.max((i.expirationNs() - t) / YEAR_NS, 1e-7);
    double x = Math.log(i.strike() / f);
    double vol = Math.max(0.05, Math.min(1.5, atmVol + SKEW * x + SMILE * x * x));
    return Black76.STANDARD.delta(i.isCall(), f, i.strike(), years, vol);
  }

  /** The option's value at time {@code t} on the smile, index points. */
  double theo(Instrument i, long t) {
    double years = Math.max((i.expirationNs() - t) / YEAR_NS, 1e-7);
    double x = Math.log(i.strike() / f);
    double vol = Math.max(0.05, Math.min(1.5, atmVol + SKEW * x + SMILE * x * x));
    return Black76.STANDARD.price(i.isCall(), f, i.strike(), years, vol);
  }
}
