package io.nqflow.core.config;

import java.time.Duration;

/** Feed quality monitor thresholds ({@code feed.quality:}). */
public record QualityConfig(
    @Doc(
            value = "Largest accepted |ts_recv - ts_event| before a record is flagged",
            unit = "duration")
        Duration maxClockSkew,
    @Doc(
            value =
                "An instrument with no update for this long (event time) while others keep updating is stale",
            unit = "duration")
        Duration staleAfter)
    implements Validating {

  public static QualityConfig defaults() {
    return new QualityConfig(Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  @Override
  public void validate(Checks c) {
    c.positive("max_clock_skew", maxClockSkew);
    c.positive("stale_after", staleAfter);
  }
}
