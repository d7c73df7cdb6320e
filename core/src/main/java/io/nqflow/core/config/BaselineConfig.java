package io.nqflow.core.config;

import java.time.Duration;

/**
 * Keyed rolling baselines ({@code detection.baseline:}).
 *
 * @param sessions number of past sessions averaged per time-of-day bucket
 * @param bucket time-of-day bucket width
 * @param ttl state time-to-live of a baseline entry not updated
 */
public record BaselineConfig(int sessions, Duration bucket, Duration ttl) implements Validating {

  public static BaselineConfig defaults() {
    return new BaselineConfig(20, Duration.ofMinutes(5), Duration.ofDays(30));
  }

  @Override
  public void validate(Checks c) {
    c.range("sessions", sessions, 1, 250);
    c.atLeast("bucket", bucket, Duration.ofSeconds(1));
    if (bucket != null && bucket.compareTo(Duration.ofDays(1)) > 0) {
      c.error("bucket", "must be at most 1d, got " + DurationFormat.format(bucket));
    }
    c.positive("ttl", ttl);
  }
}
