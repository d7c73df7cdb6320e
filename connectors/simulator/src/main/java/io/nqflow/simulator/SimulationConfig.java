package io.nqflow.simulator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable simulator settings; the constructor checks every field and reports all violations at
 * once.
 *
 * @param seed random seed: the same seed gives byte-identical output
 * @param days number of consecutive weekday sessions; the last one is the "live" day
 * @param scale size preset
 * @param startDate first session (a weekday)
 * @param sessionMinutes minutes of market time from 09:30 ET (390 = the regular session)
 * @param fullHistory write full MBO for history days too (otherwise trades, definitions and
 *     statistics only)
 * @param startPrice NQ futures price at the first open, index points
 * @param regime the market regime of every session (ignored when {@code mixedRegimes})
 * @param mixedRegimes cycle through every regime over the days in an order drawn from the seed
 * @param extendedDecoys also plan the MM_HEDGE, LEGGED_SPREAD, RETAIL_CLUSTER and CLOSING_PRINT
 *     decoys (false reproduces the output of simulators without them byte for byte)
 * @param microChains also list an MNQ option ($2 a point) on every NQ option's expiry, strike and
 *     right, quoted and traded more thinly than NQ; episodes and truth stay on NQ options (false
 *     reproduces the output of simulators without them byte for byte)
 */
public record SimulationConfig(
    long seed,
    int days,
    Scale scale,
    LocalDate startDate,
    int sessionMinutes,
    boolean fullHistory,
    double startPrice,
    Regime regime,
    boolean mixedRegimes,
    boolean extendedDecoys,
    boolean microChains) {

  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 5);
  public static final int REGULAR_SESSION_MINUTES = 390;
  public static final double DEFAULT_START_PRICE = 21_500.0;

  public SimulationConfig {
    List<String> errors = new ArrayList<>();
    if (days < 1 || days > 260) {
      errors.add("days must be 1..260, was " + days);
    }
    if (scale == null) {
      errors.add("scale is required");
    }
    if (startDate == null) {
      errors.add("startDate is required");
    } else if (startDate.getDayOfWeek() == DayOfWeek.SATURDAY
        || startDate.getDayOfWeek() == DayOfWeek.SUNDAY) {
      errors.add(
          "startDate must be a weekday, was " + startDate + " (" + startDate.getDayOfWeek() + ")");
    }
    if (sessionMinutes < 1 || sessionMinutes > REGULAR_SESSION_MINUTES) {
      errors.add("sessionMinutes must be 1..390, was " + sessionMinutes);
    }
    if (!(startPrice > 1000 && startPrice < 100_000)) {
      errors.add("startPrice must be within 1000..100000 index points, was " + startPrice);
    }
    if (regime == null) {
      errors.add("regime is required");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid simulation config: " + String.join("; ", errors));
    }
  }

  /** Without micro chains (the output of simulators before them). */
  public SimulationConfig(
      long seed,
      int days,
      Scale scale,
      LocalDate startDate,
      int sessionMinutes,
      boolean fullHistory,
      double startPrice,
      Regime regime,
      boolean mixedRegimes,
      boolean extendedDecoys) {
    this(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        fullHistory,
        startPrice,
        regime,
        mixedRegimes,
        extendedDecoys,
        false);
  }

  /** A normal-regime run with every decoy kind. */
  public SimulationConfig(
      long seed,
      int days,
      Scale scale,
      LocalDate startDate,
      int sessionMinutes,
      boolean fullHistory,
      double startPrice) {
    this(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        fullHistory,
        startPrice,
        Regime.NORMAL,
        false,
        true);
  }

  /** Defaults for everything but seed, days and scale: normal regime, every decoy kind. */
  public static SimulationConfig of(long seed, int days, Scale scale) {
    return new SimulationConfig(
        seed, days, scale, DEFAULT_START, REGULAR_SESSION_MINUTES, false, DEFAULT_START_PRICE);
  }

  /** The regime of session {@code day} (0-based). */
  public Regime regimeOf(int day) {
    if (!mixedRegimes) {
      return regime;
    }
    List<Regime> order = Regime.mixedOrder(seed);
    return order.get(day % order.size());
  }

  public SimulationConfig withSessionMinutes(int minutes) {
    return new SimulationConfig(
        seed,
        days,
        scale,
        startDate,
        minutes,
        fullHistory,
        startPrice,
        regime,
        mixedRegimes,
        extendedDecoys,
        microChains);
  }

  public SimulationConfig withStartDate(LocalDate d) {
    return new SimulationConfig(
        seed,
        days,
        scale,
        d,
        sessionMinutes,
        fullHistory,
        startPrice,
        regime,
        mixedRegimes,
        extendedDecoys,
        microChains);
  }

  public SimulationConfig withFullHistory(boolean full) {
    return new SimulationConfig(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        full,
        startPrice,
        regime,
        mixedRegimes,
        extendedDecoys,
        microChains);
  }

  /** Every session in regime {@code r}. */
  public SimulationConfig withRegime(Regime r) {
    return new SimulationConfig(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        fullHistory,
        startPrice,
        r,
        false,
        extendedDecoys,
        microChains);
  }

  /** The regimes cycled over the days in an order drawn from the seed (a "mixed week"). */
  public SimulationConfig withMixedRegimes() {
    return new SimulationConfig(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        fullHistory,
        startPrice,
        regime,
        true,
        extendedDecoys,
        microChains);
  }

  /** With or without the MM_HEDGE, LEGGED_SPREAD, RETAIL_CLUSTER and CLOSING_PRINT decoys. */
  public SimulationConfig withExtendedDecoys(boolean on) {
    return new SimulationConfig(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        fullHistory,
        startPrice,
        regime,
        mixedRegimes,
        on,
        microChains);
  }

  /** With or without MNQ options on every NQ option expiry and strike. */
  public SimulationConfig withMicroChains(boolean on) {
    return new SimulationConfig(
        seed,
        days,
        scale,
        startDate,
        sessionMinutes,
        fullHistory,
        startPrice,
        regime,
        mixedRegimes,
        extendedDecoys,
        on);
  }
}
