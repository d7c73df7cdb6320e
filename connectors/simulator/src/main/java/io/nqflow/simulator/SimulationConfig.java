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
 */
public record SimulationConfig(
    long seed,
    int days,
    Scale scale,
    LocalDate startDate,
    int sessionMinutes,
    boolean fullHistory,
    double startPrice) {

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
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid simulation config: " + String.join("; ", errors));
    }
  }

  /** Defaults for everything but seed, days and scale. */
  public static SimulationConfig of(long seed, int days, Scale scale) {
    return new SimulationConfig(
        seed, days, scale, DEFAULT_START, REGULAR_SESSION_MINUTES, false, DEFAULT_START_PRICE);
  }

  public SimulationConfig withSessionMinutes(int minutes) {
    return new SimulationConfig(seed, days, scale, startDate, minutes, fullHistory, startPrice);
  }

  public SimulationConfig withStartDate(LocalDate d) {
    return new SimulationConfig(seed, days, scale, d, sessionMinutes, fullHistory, startPrice);
  }

  public SimulationConfig withFullHistory(boolean full) {
    return new SimulationConfig(seed, days, scale, startDate, sessionMinutes, full, startPrice);
  }
}
