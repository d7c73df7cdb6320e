package io.nqflow.chain.model;

/**
 * The standard normal distribution to double precision (relative error about 1e-14 over the whole
 * line, tails included), for the barrier probabilities: their small-horizon values are tail
 * probabilities far below the 7.5e-8 absolute error of {@link io.nqflow.market.NormalCdf}.
 *
 * <p>|z| &le; 3: erf by its all-positive series erf(x) = 2/√π e^{-x²} Σ x (2x²)^n / (2n+1)!!.
 * Beyond: Φ(-x) = φ(x) R(x) with the Mills ratio R from its continued fraction
 * 1/(x+1/(x+2/(x+...))), evaluated backwards from a fixed depth (80 levels reach double precision
 * from x = 3 on).
 */
final class Gaussian {
  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double TAIL_FROM = 3.0;
  private static final int FRACTION_DEPTH = 80;

  private Gaussian() {}

  /** P(Z &le; z). */
  static double cdf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    if (z < -TAIL_FROM) {
      return Math.exp(-0.5 * z * z - LOG_SQRT_2PI) * millsRatio(-z);
    }
    if (z > TAIL_FROM) {
      return 1.0 - cdf(-z);
    }
    double half = 0.5 * erf(Math.abs(z) / SQRT_2);
    return z >= 0 ? 0.5 + half : 0.5 - half;
  }

  /** ln P(Z &le; z), finite down to z = -1e150 or so. */
  static double logCdf(double z) {
    if (z < -TAIL_FROM) {
      return -0.5 * z * z - LOG_SQRT_2PI + Math.log(millsRatio(-z));
    }
    if (z > 0) {
      return Math.log1p(-cdf(-z));
    }
    return Math.log(cdf(z));
  }

  /** erf(x) for 0 &le; x &le; 3/√2 by the all-positive series. */
  private static double erf(double x) {
    double x2 = 2 * x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  }

  /** Φ(-x) / φ(x) for x &ge; 3. */
  private static double millsRatio(double x) {
    double t = x;
    for (int k = FRACTION_DEPTH; k >= 1; k--) {
      t = x + k / t;
    }
    return 1.0 / t;
  }
}
