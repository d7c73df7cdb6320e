package io.nqflow.flow;

/** The messages' 1e-9 fixed-point numbers (prices, strikes, multipliers). */
public final class FixedPoint {
  /** One unit in fixed point. */
  public static final long SCALE = 1_000_000_000L;

  private FixedPoint() {}

  public static double toDouble(long fixed) {
    return fixed / (double) SCALE;
  }

  public static long of(double value) {
    return Math.round(value * SCALE);
  }
}
