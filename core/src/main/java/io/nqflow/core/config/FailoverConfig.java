package io.nqflow.core.config;

import java.time.Duration;

/** Circuit breaker of each feed source and when the feed gives up ({@code feed.failover:}). */
public record FailoverConfig(
    @Doc("Consecutive failures of a source that open its breaker") int failureThreshold,
    @Doc(
            value =
                "Wait before retrying a source that failed fewer times than the threshold; doubles per failure (with jitter), never above open_duration",
            unit = "duration")
        Duration retryBackoff,
    @Doc(
            value = "How long an open breaker keeps its source out before a half-open trial",
            unit = "duration")
        Duration openDuration,
    @Doc(value = "The open time doubles after each failed trial, up to this", unit = "duration")
        Duration maxOpenDuration,
    @Doc(
            value = "The feed fails when no source could run for this long (0: at once)",
            unit = "duration")
        Duration giveUpAfter)
    implements Validating {

  public static FailoverConfig defaults() {
    return new FailoverConfig(
        1,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10));
  }

  @Override
  public void validate(Checks c) {
    c.range("failure_threshold", failureThreshold, 1, 1000);
    c.positive("retry_backoff", retryBackoff);
    c.positive("open_duration", openDuration);
    if (openDuration != null) {
      c.atLeast("max_open_duration", maxOpenDuration, openDuration);
    }
    c.atLeast("give_up_after", giveUpAfter, Duration.ZERO);
  }
}
