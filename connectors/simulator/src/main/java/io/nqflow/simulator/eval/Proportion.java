package io.nqflow.simulator.eval;

import java.util.Locale;

/**
 * A share {@code k/n} with its 95% Wilson score interval: unlike the normal approximation it stays
 * inside [0, 1] and is honest for the small counts of a few sessions (8/10 gives [0.490, 0.943]).
 * An empty denominator gives value 0 (the scorer's rule) and the uninformative interval [0, 1].
 *
 * @param k successes
 * @param n trials
 */
public record Proportion(long k, long n) {
  /** The 97.5% quantile of the standard normal distribution: a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  public Proportion {
    if (n < 0 || k < 0 || k > n) {
      throw new IllegalArgumentException("need 0 <= k <= n, was " + k + "/" + n);
    }
  }

  public static Proportion of(long k, long n) {
    return new Proportion(k, n);
  }

  public double value() {
    return n == 0 ? 0 : k / (double) n;
  }

  /** Lower bound of the 95% Wilson score interval. */
  public double lo() {
    return wilson(-1);
  }

  /** Upper bound of the 95% Wilson score interval. */
  public double hi() {
    return wilson(1);
  }

  private double wilson(int sign) {
    if (n == 0) {
      return sign < 0 ? 0 : 1;
    }
    // At k = 0 (k = n) the bound is exactly 0 (1); the formula leaves a rounding error there.
    if (sign < 0 && k == 0) {
      return 0;
    }
    if (sign > 0 && k == n) {
      return 1;
    }
    double p = value();
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return Math.min(1, Math.max(0, centre + sign * half));
  }

  /** {@code 0.800 [0.490,0.943]}. */
  public String withInterval() {
    return String.format(Locale.ROOT, "%.3f [%.3f,%.3f]", value(), lo(), hi());
  }

  @Override
  public String toString() {
    return k + "/" + n;
  }
}
