package io.nqflow.market;

/**
 * Black-76 for options on futures with zero rates (CME options on NQ are futures-style margined,
 * and the discounting over an option's life is far below what a simulator or a flow signal needs).
 * Prices are in index points, volatility is annualized, time to expiry is in years. At or after
 * expiry, or at zero volatility, an option is worth its intrinsic value and its delta is 0 or ±1.
 *
 * <p>An instance fixes the normal distribution approximation; {@link #STANDARD} is the default.
 */
public final class Black76 {
  /** Seconds in the 365-day year volatility is quoted over. */
  public static final double SECONDS_PER_YEAR = 365.0 * 24 * 3600;

  /** Black-76 with {@link NormalCdf#AS_26_2_17}. */
  public static final Black76 STANDARD = new Black76(NormalCdf.AS_26_2_17);

  private static final double MIN_IMPLIED_VOL = 1e-4;
  private static final double MAX_IMPLIED_VOL = 10.0;

  private final NormalCdf n;

  private Black76(NormalCdf n) {
    this.n = n;
  }

  /** Black-76 computed with the given approximation of the normal distribution. */
  public static Black76 with(NormalCdf cdf) {
    return cdf == NormalCdf.AS_26_2_17 ? STANDARD : new Black76(cdf);
  }

  /** The normal distribution approximation in use. */
  public NormalCdf cdf() {
    return n;
  }

  /** Option value in index points. */
  public double price(boolean call, double forward, double strike, double years, double vol) {
    if (years <= 0 || vol <= 0) {
      return Math.max(0, call ? forward - strike : strike - forward);
    }
    double sd = vol * Math.sqrt(years);
    double d1 = (Math.log(forward / strike) + 0.5 * sd * sd) / sd;
    double d2 = d1 - sd;
    return call
        ? forward * n.cdf(d1) - strike * n.cdf(d2)
        : strike * n.cdf(-d2) - forward * n.cdf(-d1);
  }

  /** Delta, dPrice/dForward: in (0, 1) for calls and (-1, 0) for puts. */
  public double delta(boolean call, double forward, double strike, double years, double vol) {
    double callDelta;
    if (years <= 0 || vol <= 0) {
      callDelta = forward > strike ? 1 : 0;
    } else {
      double sd = vol * Math.sqrt(years);
      callDelta = n.cdf((Math.log(forward / strike) + 0.5 * sd * sd) / sd);
    }
    return call ? callDelta : callDelta - 1.0;
  }

  /**
   * Delta at the volatility implied by an option price, or at {@code fallbackVol} when the price
   * implies none (it lies outside the no-arbitrage bounds): the delta of a traded option.
   */
  public double deltaAtPrice(
      boolean call, double forward, double strike, double years, double price, double fallbackVol) {
    double vol = impliedVol(call, forward, strike, years, price);
    return delta(call, forward, strike, years, Double.isNaN(vol) ? fallbackVol : vol);
  }

  /** Gamma, d2Price/dForward2, per index point; the same for calls and puts. */
  public double gamma(double forward, double strike, double years, double vol) {
    if (years <= 0 || vol <= 0) {
      return 0.0;
    }
    double sd = vol * Math.sqrt(years);
    return NormalCdf.pdf(d1(forward, strike, sd)) / (forward * sd);
  }

  /**
   * Vega, dPrice/dVol, in index points per 1.00 (100 percentage points) of volatility; the same for
   * calls and puts.
   */
  public double vega(double forward, double strike, double years, double vol) {
    if (years <= 0 || vol <= 0) {
      return 0.0;
    }
    double sd = vol * Math.sqrt(years);
    return forward * NormalCdf.pdf(d1(forward, strike, sd)) * Math.sqrt(years);
  }

  /**
   * Theta, dPrice/dCalendarTime, in index points per year (negative: time decay); with zero rates
   * the same for calls and puts. Divide by 365 for the decay per day.
   */
  public double theta(double forward, double strike, double years, double vol) {
    if (years <= 0 || vol <= 0) {
      return 0.0;
    }
    double sd = vol * Math.sqrt(years);
    return -forward * NormalCdf.pdf(d1(forward, strike, sd)) * vol / (2 * Math.sqrt(years));
  }

  /**
   * Implied volatility by bisection on [1e-4, 10] to 1e-6, or NaN when the price lies outside the
   * no-arbitrage bounds (at or below intrinsic value, at or above the forward for a call or the
   * strike for a put), the time is not positive, or even a volatility of 10 is too low.
   */
  public double impliedVol(
      boolean call, double forward, double strike, double years, double price) {
    double intrinsic = call ? Math.max(0, forward - strike) : Math.max(0, strike - forward);
    double upper = call ? forward : strike;
    if (!(price > intrinsic) || !(price < upper) || !(years > 0)) {
      return Double.NaN;
    }
    double lo = MIN_IMPLIED_VOL;
    double hi = MAX_IMPLIED_VOL;
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

  private static double d1(double forward, double strike, double sd) {
    return (Math.log(forward / strike) + 0.5 * sd * sd) / sd;
  }
}
