package io.nqflow.risk;

/**
 * The NQ options price grid in 1e-9 fixed point: 0.05 index points at or below a premium of 5.00,
 * 0.25 above. Rounding is always in the direction that never makes a price worse for us.
 */
public final class Ticks {
  /** 1.00 index point in 1e-9 fixed point. */
  public static final long POINT = 1_000_000_000L;

  /** Premium at or below which the fine tick applies (5.00). */
  public static final long FINE_LIMIT = 5 * POINT;

  /** 0.05 index points. */
  public static final long FINE_TICK = 50_000_000L;

  /** 0.25 index points. */
  public static final long COARSE_TICK = 250_000_000L;

  private Ticks() {}

  /** The tick size that applies at this price. */
  public static long tickAt(long price) {
    return price <= FINE_LIMIT ? FINE_TICK : COARSE_TICK;
  }

  /** The highest grid price at or below {@code price}. */
  public static long floor(long price) {
    if (price <= FINE_LIMIT) {
      return Math.floorDiv(price, FINE_TICK) * FINE_TICK;
    }
    // 5.00 is on both grids, so the coarse floor never drops below the fine range.
    return Math.floorDiv(price, COARSE_TICK) * COARSE_TICK;
  }

  /** The lowest grid price at or above {@code price}. */
  public static long ceil(long price) {
    if (price <= FINE_LIMIT) {
      return -Math.floorDiv(-price, FINE_TICK) * FINE_TICK;
    }
    return -Math.floorDiv(-price, COARSE_TICK) * COARSE_TICK;
  }

  /** Whether the price lies on the grid. */
  public static boolean onGrid(long price) {
    return price % tickAt(price) == 0;
  }

  /** Index points as a double, for dollar arithmetic and messages. */
  public static double points(long price) {
    return price / (double) POINT;
  }
}
