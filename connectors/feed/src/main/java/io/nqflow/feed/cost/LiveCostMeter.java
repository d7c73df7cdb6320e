package io.nqflow.feed.cost;

import io.nqflow.ops.v1.CostKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Spreads the cost of a live subscription over the time it is connected: every {@code interval} of
 * connected time becomes one {@code LIVE_SUBSCRIPTION} charge of {@code usdPerHour * interval} on
 * the {@link Budget}, and the part of an interval left when the session ends is charged pro rata.
 * Time comes from the budget's clock. Not thread-safe: one meter per live run.
 */
public final class LiveCostMeter {
  private final Budget budget;
  private final Clock clock;
  private final String source;
  private final String dataset;
  private final String schemas;
  private final double usdPerHour;
  private final Duration interval;
  private Instant charged;

  public LiveCostMeter(
      Budget budget,
      Clock clock,
      String source,
      String dataset,
      String schemas,
      double usdPerHour,
      Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("cost interval must be positive, got " + interval);
    }
    this.budget = budget;
    this.clock = clock;
    this.source = source;
    this.dataset = dataset;
    this.schemas = schemas;
    this.usdPerHour = usdPerHour;
    this.interval = interval;
  }

  /** The session is connected from now on. */
  public void start() {
    charged = clock.instant();
  }

  /**
   * Charges every whole interval since the last charge.
   *
   * @return true when the budget now blocks paid sources
   */
  public boolean tick() {
    Instant now = clock.instant();
    while (!charged.plus(interval).isAfter(now)) {
      charge(charged, interval);
      charged = charged.plus(interval);
    }
    return budget.blockedUntil().isPresent();
  }

  /** The session ended: charges the time since the last charge. */
  public void finish() {
    if (charged == null) {
      return;
    }
    tick();
    Duration rest = Duration.between(charged, clock.instant());
    if (rest.compareTo(Duration.ZERO) > 0) {
      charge(charged, rest);
      charged = clock.instant();
    }
  }

  private void charge(Instant from, Duration d) {
    double usd = usdPerHour * d.toNanos() / 3_600e9;
    budget.charge(
        source,
        CostKind.LIVE_SUBSCRIPTION,
        usd,
        dataset,
        schemas,
        String.format(
            Locale.ROOT,
            "live subscription %s from %s for %d s at $%.4f/h",
            schemas,
            from,
            d.toSeconds(),
            usdPerHour));
  }
}
