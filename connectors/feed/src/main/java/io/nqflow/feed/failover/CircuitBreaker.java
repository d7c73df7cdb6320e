package io.nqflow.feed.failover;

import io.nqflow.core.config.FailoverConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * The circuit breaker of one feed source. CLOSED: the source may run; a failure below the threshold
 * makes it wait a backoff (doubling per failure, with jitter) before it is retried. {@code
 * failure_threshold} consecutive failures open the breaker: OPEN keeps the source out for {@code
 * open_duration}; then HALF_OPEN lets one trial run. The trial closes the breaker as soon as the
 * source delivers a record; a failed trial opens it again for twice as long (up to {@code
 * max_open_duration}). Jitter keeps feeds that lost the same gateway from coming back in lockstep.
 * Thread-safe.
 */
public final class CircuitBreaker {
  /** Breaker state; the ordinal is the value of the {@code nqflow_feed_breaker_state} gauge. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final FailoverConfig cfg;
  private final Clock clock;
  private final RandomGenerator random;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private int failedTrials;
  private Instant availableAt = Instant.MIN;

  public CircuitBreaker(FailoverConfig cfg, Clock clock, RandomGenerator random) {
    this.cfg = cfg;
    this.clock = clock;
    this.random = random;
  }

  public synchronized State state() {
    return state;
  }

  /** When the source may run next (the past when it may run now). */
  public synchronized Instant availableAt() {
    return availableAt;
  }

  /** Whether the source may run now; an OPEN breaker whose time is up becomes HALF_OPEN. */
  public synchronized boolean allowsRun() {
    if (clock.instant().isBefore(availableAt)) {
      return false;
    }
    if (state == State.OPEN) {
      state = State.HALF_OPEN;
    }
    return true;
  }

  /** The source delivered: it works. */
  public synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    failedTrials = 0;
    availableAt = Instant.MIN;
  }

  /** The source went down; returns the new state. */
  public synchronized State onFailure() {
    Instant now = clock.instant();
    consecutiveFailures++;
    if (state == State.HALF_OPEN) {
      failedTrials++;
      open(now);
    } else if (consecutiveFailures >= cfg.failureThreshold()) {
      open(now);
    } else {
      Duration d = doubled(cfg.retryBackoff(), consecutiveFailures - 1, cfg.openDuration());
      availableAt = now.plus(jitter(d));
    }
    return state;
  }

  private void open(Instant now) {
    state = State.OPEN;
    Duration d = doubled(cfg.openDuration(), failedTrials, cfg.maxOpenDuration());
    availableAt = now.plus(jitter(d));
  }

  /** {@code base * 2^times}, at most {@code max}. */
  static Duration doubled(Duration base, int times, Duration max) {
    Duration d = base;
    for (int i = 0; i < times && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** A random duration in [d/2, d]. */
  private Duration jitter(Duration d) {
    long nanos = d.toNanos();
    long half = nanos / 2;
    return Duration.ofNanos(half + (nanos - half == 0 ? 0 : random.nextLong(nanos - half + 1)));
  }
}
