package io.nqflow.flow;

/**
 * Black-76 for options on futures, with zero rates (CME options on NQ: the discounting over the
 * option's life is far below the precision a flow signal needs). Volatility is annualized, time in
 * years of 365 days.
 */
public final class Black76 {
  /** Seconds in the 365-day year the volatility is quoted over. */
  public static final double SECONDS_PER_YEAR = 365.0 * 24 * 3600;

  private Black76() {}

  /** Option price in index points. */
  public static double price(
      boolean call, double forward, double strike, double years, double vol) {
    double sd = vol * Math.sqrt(years);
    double d1 = (Math.log(forward / strike) + 0.5 * sd * sd) / sd;
    double d2 = d1 - sd;
    return call ? forward * cdf(d1) - strike * cdf(d2) : strike * cdf(-d2) - forward * cdf(-d1);
  }

  /** Delta: dPrice/dForward, in (0, 1) for calls and (-1, 0) for puts. */
  public static double delta(
      boolean call, double forward, double strike, double years, double vol) {
    double sd = vol * Math.sqrt(years);
    double d1 = (Math.log(forward / strike) + 0.5 * sd * sd) / sd;
    return call ? cdf(d1) : cdf(d1) - 1.0;
  }

  /**
   * Implied volatility by bisection, or NaN when the price lies outside the no-arbitrage bounds
   * (below intrinsic value or above the forward/strike) and no volatility explains it.
   */
  public static double impliedVol(
      boolean call, double forward, double strike, double years, double price) {
    double intrinsic = call ? Math.max(0, forward - strike) : Math.max(0, strike - forward);
    double upper = call ? forward : strike;
    if (!(price > intrinsic) || !(price < upper) || !(years > 0)) {
      return Double.NaN;
    }
    double lo = 1e-4;
    double hi = 10.0;
    if (price(call, forward, strike, years, hi) < price) {
      return Double.NaN;
    }
    for (int i = 0; i < 60 && hi - lo > 1e-6; i++) {
      double mid = 0.5 * (lo + hi);
      if (price(call, forward, strike, years, mid) < price) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** Standard normal cumulative distribution, |error| < 1.5e-7 (Abramowitz and Stegun 7.1.26). */
  public static double cdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2.0);
    double t = 1.0 / (1.0 + 0.3275911 * z);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1.0 - poly * Math.exp(-z * z);
    return x >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
  }
}
