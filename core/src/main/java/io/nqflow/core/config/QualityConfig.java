package io.nqflow.core.config;

import java.time.Duration;

/**
 * Feed quality monitor thresholds ({@code feed.quality:}).
 *
 * @param maxClockSkew largest accepted |ts_recv - ts_event| before a record is flagged
 * @param staleAfter an instrument with no update for this long (event time) while others keep
 *     updating is stale
 */
public record QualityConfig(Duration maxClockSkew, Duration staleAfter) implements Validating {

  public static QualityConfig defaults() {
    return new QualityConfig(Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @Override
  public void validate(Checks c) {
    c.positive("max_clock_skew", maxClockSkew);
    c.positive("stale_after", staleAfter);
  }
}
