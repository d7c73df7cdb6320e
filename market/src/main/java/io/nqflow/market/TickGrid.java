package io.nqflow.market;

/**
 * The CME tick grids in 1e-9 units. NQ and MNQ options tick 0.05 index points at or below a premium
 * of 5.00 and 0.25 above it, so the option grid is 0.05, 0.10, ..., 5.00, 5.25, 5.50, ...; its
 * lowest price is one fine tick (an option never trades at zero). NQ and MNQ futures tick 0.25.
 */
public final class TickGrid {
  /** 0.05 index points, the option tick at or below {@link #FINE_LIMIT}. */
  public static final long FINE_TICK = 50_000_000L;

  /** 0.25 index points, the option tick above {@link #FINE_LIMIT}. */
  public static final long COARSE_TICK = 250_000_000L;

  /** The premium (5.00) at or below which the fine tick applies; it lies on both grids. */
  public static final long FINE_LIMIT = 5 * Prices.SCALE;

  /** 0.25 index points, the futures tick. */
  public static final long FUTURES_TICK = 250_000_000L;

  private TickGrid() {}

  /** The option tick in force at {@code price}: fine at or below 5.00, coarse above. */
  public static long tickAt(long price) {
    return price <= FINE_LIMIT ? FINE_TICK : COARSE_TICK;
  }

  /** Whether {@code price} is an option grid price (positive and a multiple of its tick). */
  public static boolean onGrid(long price) {
    return price > 0 && price % tickAt(price) == 0;
  }

  /** The highest option grid price at or below {@code price}, or 0 when it is below one tick. */
  public static long roundDown(long price) {
    if (price <= FINE_LIMIT) {
      return Math.max(0, Math.floorDiv(price, FINE_TICK) * FINE_TICK);
    }
    // 5.00 is on both grids, so the coarse floor never drops below the fine range.
    return Math.floorDiv(price, COARSE_TICK) * COARSE_TICK;
  }

  /** The lowest option grid price at or above {@code price}: at least one fine tick. */
  public static long roundUp(long price) {
    if (price <= FINE_LIMIT) {
      return Math.max(FINE_TICK, -Math.floorDiv(-price, FINE_TICK) * FINE_TICK);
    }
    return -Math.floorDiv(-price, COARSE_TICK) * COARSE_TICK;
  }

  /**
   * The option grid price nearest {@code price}, the higher one on a tie (the price rounding rule
   * of {@link Prices}); at least one fine tick.
   */
  public static long nearest(long price) {
    long down = roundDown(price);
    long up = roundUp(price);
    if (down == 0 || down == up) {
      return up;
    }
    return price - down < up - price ? down : up;
  }

  /** The next option grid price above grid price {@code price}. */
  public static long up(long price) {
    return price < FINE_LIMIT ? price + FINE_TICK : price + COARSE_TICK;
  }

  /** The next option grid price below grid price {@code price}; 0 below the first tick. */
  public static long down(long price) {
    return price <= FINE_LIMIT ? price - FINE_TICK : price - COARSE_TICK;
  }

  /** The highest futures grid price at or below {@code price}. */
  public static long futuresRoundDown(long price) {
    return Math.floorDiv(price, FUTURES_TICK) * FUTURES_TICK;
  }
}
