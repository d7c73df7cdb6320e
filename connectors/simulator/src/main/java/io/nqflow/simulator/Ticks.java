package io.nqflow.simulator;

/**
 * CME tick grids in 1e-9 price units: NQ options tick 0.05 at or below a 5.00 premium and 0.25
 * above it; NQ and MNQ futures tick 0.25.
 */
public final class Ticks {
  public static final long UNIT = 1_000_000_000L;
  public static final long OPTION_SMALL_TICK = 50_000_000L;
  public static final long OPTION_LARGE_TICK = 250_000_000L;
  public static final long OPTION_TICK_BREAK = 5 * UNIT;
  public static final long FUTURE_TICK = 250_000_000L;

  private Ticks() {}

  /** True if {@code price} lies on the option grid (and is positive). */
  public static boolean onOptionGrid(long price) {
    if (price <= 0) {
      return false;
    }
    return price <= OPTION_TICK_BREAK
        ? price % OPTION_SMALL_TICK == 0
        : price % OPTION_LARGE_TICK == 0;
  }

  /** Highest option grid price at or below {@code x} (may be 0). */
  public static long optionFloor(long x) {
    if (x <= OPTION_TICK_BREAK) {
      return Math.max(0, Math.floorDiv(x, OPTION_SMALL_TICK) * OPTION_SMALL_TICK);
    }
    return Math.floorDiv(x, OPTION_LARGE_TICK) * OPTION_LARGE_TICK;
  }

  /** Lowest option grid price at or above {@code x}, at least one small tick. */
  public static long optionCeil(long x) {
    if (x <= OPTION_TICK_BREAK) {
      return Math.max(OPTION_SMALL_TICK, -Math.floorDiv(-x, OPTION_SMALL_TICK) * OPTION_SMALL_TICK);
    }
    return -Math.floorDiv(-x, OPTION_LARGE_TICK) * OPTION_LARGE_TICK;
  }

  /** The next option grid price above {@code p} (p on the grid). */
  public static long optionUp(long p) {
    return p < OPTION_TICK_BREAK ? p + OPTION_SMALL_TICK : p + OPTION_LARGE_TICK;
  }

  /** The next option grid price below {@code p} (p on the grid), or 0 below the first tick. */
  public static long optionDown(long p) {
    return p <= OPTION_TICK_BREAK ? p - OPTION_SMALL_TICK : p - OPTION_LARGE_TICK;
  }

  /** The tick size in force at grid price {@code p}. */
  public static long optionTickAt(long p) {
    return p <= OPTION_TICK_BREAK ? OPTION_SMALL_TICK : OPTION_LARGE_TICK;
  }

  public static long futureFloor(long x) {
    return Math.floorDiv(x, FUTURE_TICK) * FUTURE_TICK;
  }

  public static long toFixed(double points) {
    return Math.round(points * UNIT);
  }

  public static double toPoints(long fixed) {
    return fixed / (double) UNIT;
  }
}
