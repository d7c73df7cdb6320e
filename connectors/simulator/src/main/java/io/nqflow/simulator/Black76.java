package io.nqflow.simulator;

/** Black-76 prices of options on futures (zero rates: NQ options are futures-style margined). */
public final class Black76 {
  private Black76() {}

  /**
   * Option value in index points.
   *
   * @param call true for a call
   * @param f futures price
   * @param k strike
   * @param vol annualized volatility
   * @param t time to expiry in years
   */
  public static double price(boolean call, double f, double k, double vol, double t) {
    if (t <= 0 || vol <= 0) {
      return Math.max(0, call ? f - k : k - f);
    }
    double sd = vol * Math.sqrt(t);
    double d1 = (Math.log(f / k) + 0.5 * sd * sd) / sd;
    double d2 = d1 - sd;
    return call ? f * cdf(d1) - k * cdf(d2) : k * cdf(-d2) - f * cdf(-d1);
  }

  /** Call delta (put delta is this minus one). */
  public static double callDelta(double f, double k, double vol, double t) {
    if (t <= 0 || vol <= 0) {
      return f > k ? 1 : 0;
    }
    double sd = vol * Math.sqrt(t);
    return cdf((Math.log(f / k) + 0.5 * sd * sd) / sd);
  }

  /** Standard normal CDF (Abramowitz-Stegun 26.2.17, error below 7.5e-8). */
  static double cdf(double x) {
    double ax = Math.abs(x);
    double t = 1 / (1 + 0.2316419 * ax);
    double poly =
        t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    double tail = Math.exp(-0.5 * ax * ax) / Math.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }
}
