package io.nqflow.core.config;

import java.time.Duration;

/**
 * Feed quality monitor thresholds ({@code feed.quality:}).
 *
 * @param maxClockSkew largest accepted |ts_recv - local clock| before the source is flagged
 * @param staleAfter a source without events for this long is stale and the feed fails over
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
