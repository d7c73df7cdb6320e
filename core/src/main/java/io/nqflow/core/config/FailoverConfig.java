package io.nqflow.core.config;

import java.time.Duration;

/**
 * Circuit breaker of each feed source and when the feed gives up ({@code feed.failover:}).
 *
 * @param failureThreshold consecutive failures of a source that open its breaker
 * @param retryBackoff wait before retrying a source that failed fewer times than the threshold;
 *     doubles per failure (with jitter), never above {@code open_duration}
 * @param openDuration how long an open breaker keeps its source out before a half-open trial
 * @param maxOpenDuration the open time doubles after each failed trial, up to this
 * @param giveUpAfter the feed fails when no source could run for this long (0: at once)
 */
public record FailoverConfig(
    int failureThreshold,
    Duration retryBackoff,
    Duration openDuration,
    Duration maxOpenDuration,
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
