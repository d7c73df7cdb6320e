package io.nqflow.feed.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.FailoverConfig;
import io.nqflow.feed.TestingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z");

  private final TestingClock clock = new TestingClock(T0);
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          new FailoverConfig(
              3,
              Duration.ofSeconds(1),
              Duration.ofSeconds(30),
              Duration.ofSeconds(100),
              Duration.ZERO),
          clock,
          new SplittableRandom(1));

  @Test
  void failuresBelowTheThresholdBackOffWithJitterThenTheThresholdOpensTheBreaker() {
    assertThat(breaker.allowsRun()).isTrue();

    assertThat(breaker.onFailure()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertWaitBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(breaker.allowsRun()).isFalse();

    clock.set(breaker.availableAt());
    assertThat(breaker.allowsRun()).isTrue();
    assertThat(breaker.onFailure()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertWaitBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));

    clock.set(breaker.availableAt());
    assertThat(breaker.onFailure()).isEqualTo(CircuitBreaker.State.OPEN);
    assertWaitBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(breaker.allowsRun()).isFalse();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void anOpenBreakerAllowsOneTrialAndDoublesItsOpenTimeWhenTheTrialFails() {
    for (int i = 0; i < 3; i++) {
      clock.set(
          breaker.availableAt().isAfter(clock.instant()) ? breaker.availableAt() : clock.instant());
      breaker.onFailure();
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

    clock.set(breaker.availableAt());
    assertThat(breaker.allowsRun()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

    assertThat(breaker.onFailure()).isEqualTo(CircuitBreaker.State.OPEN);
    assertWaitBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));

    // Doubling stops at max_open_duration.
    for (int i = 0; i < 5; i++) {
      clock.set(breaker.availableAt());
      breaker.allowsRun();
      breaker.onFailure();
    }
    assertWaitBetween(Duration.ofSeconds(50), Duration.ofSeconds(100));
  }

  @Test
  void aTrialThatDeliversClosesTheBreaker() {
    for (int i = 0; i < 3; i++) {
      clock.set(
          breaker.availableAt().isAfter(clock.instant()) ? breaker.availableAt() : clock.instant());
      breaker.onFailure();
    }
    clock.set(breaker.availableAt());
    breaker.allowsRun();

    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.allowsRun()).isTrue();
    // The failure count starts over: one failure does not open it again.
    assertThat(breaker.onFailure()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  private void assertWaitBetween(Duration min, Duration max) {
    Duration wait = Duration.between(clock.instant(), breaker.availableAt());
    assertThat(wait).isBetween(min, max);
  }
}
