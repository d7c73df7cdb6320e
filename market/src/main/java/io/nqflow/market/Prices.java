package io.nqflow.market;

/**
 * The messages' 1e-9 fixed-point prices: one unit is 1e-9 index points, so 21000.25 points is
 * {@code 21_000_250_000_000L}.
 *
 * <p>One rounding rule everywhere a price leaves exact arithmetic: to the nearest 1e-9 unit, ties
 * toward positive infinity ({@link Math#round(double)}'s rule). {@link #fromDouble} applies it to a
 * double, {@link #divideRounded} to an exact ratio of integers (an average price).
 */
public final class Prices {
  /** Units per index point. */
  public static final long SCALE = 1_000_000_000L;

  private Prices() {}

  /** Index points as a double, for dollar arithmetic, pricing models and messages. */
  public static double toDouble(long price) {
    return price / (double) SCALE;
  }

  /**
   * Index points to fixed point: {@code Math.round(points * SCALE)}, the product taken in double.
   * NaN gives 0 and values beyond the long range saturate, as {@link Math#round(double)} does.
   */
  public static long fromDouble(double points) {
    return Math.round(points * SCALE);
  }

  /** Whole index points in fixed point, e.g. {@code points(5)} is 5.00. */
  public static long points(long wholePoints) {
    return Math.multiplyExact(wholePoints, SCALE);
  }

  /**
   * {@code numerator / denominator} rounded by the price rule (nearest, ties toward positive
   * infinity), computed exactly in integers.
   *
   * @throws IllegalArgumentException when the denominator is not positive
   */
  public static long divideRounded(long numerator, long denominator) {
    if (denominator <= 0) {
      throw new IllegalArgumentException("denominator must be > 0, got " + denominator);
    }
    long q = Math.floorDiv(numerator, denominator);
    long r = Math.floorMod(numerator, denominator);
    // r is in [0, denominator): round up when the remainder is at least half the denominator.
    return r >= denominator - r ? q + 1 : q;
  }
}
