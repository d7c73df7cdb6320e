package io.nqflow.databento;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits a random time in [d/2, d] with d = min(max,
 * initial * 2^(n-1)), so clients that lost the same gateway do not come back in lockstep.
 */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initialMs = initial.toMillis();
    this.maxMs = max.toMillis();
    this.random = random;
  }

  /** The delay before attempt {@code attempt} (1-based). */
  long delayMillis(int attempt) {
    long d = initialMs;
    for (int i = 1; i < attempt && d < maxMs; i++) {
      d *= 2;
    }
    d = Math.min(d, maxMs);
    long half = d / 2;
    return half + (d - half == 0 ? 0 : random.nextLong(d - half + 1));
  }
}
