package io.nqflow.market;

/**
 * Polynomial approximations of the standard normal cumulative distribution. Two are kept because
 * the simulator's recorded sessions and the flow detector's deltas were computed with different
 * ones, and both must reproduce their results to the last bit; both err by less than 7.5e-8.
 */
public enum NormalCdf {
  /**
   * Abramowitz and Stegun 26.2.17 (the tail from the density times a polynomial), |error| &lt;
   * 7.5e-8. The simulator's option prices use it.
   */
  AS_26_2_17 {
    @Override
    public double cdf(double x) {
      double ax = Math.abs(x);
      double t = 1 / (1 + 0.2316419 * ax);
      double poly =
          t
              * (0.319381530
                  + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
      double tail = Math.exp(-0.5 * ax * ax) / Math.sqrt(2 * Math.PI) * poly;
      return x >= 0 ? 1 - tail : tail;
    }
  },

  /**
   * Abramowitz and Stegun 7.1.26 (erf, |error| &lt; 1.5e-7, so the distribution's error is below
   * 7.5e-8). Flow detection's deltas, implied volatilities and p-values use it.
   */
  AS_7_1_26 {
    @Override
    public double cdf(double x) {
      double z = Math.abs(x) / Math.sqrt(2.0);
      double t = 1.0 / (1.0 + 0.3275911 * z);
      double poly =
          t
              * (0.254829592
                  + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
      double erf = 1.0 - poly * Math.exp(-z * z);
      return x >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
    }
  };

  /** P(Z &lt;= x) for a standard normal Z. */
  public abstract double cdf(double x);

  /** The standard normal density at {@code x} (exact, no approximation needed). */
  public static double pdf(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }
}
