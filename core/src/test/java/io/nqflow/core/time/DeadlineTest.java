package io.nqflow.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void returnsOnceTheConditionHolds() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    Deadline.await(
        Duration.ofSeconds(10),
        Duration.ofMillis(5),
        "three checks",
        () -> checks.incrementAndGet() == 3);
    assertThat(checks).hasValue(3);
  }

  @Test
  void namesWhatItWaitedForWhenTheDeadlinePasses() {
    assertThatThrownBy(
            () ->
                Deadline.await(
                    Duration.ofMillis(30), Duration.ofMillis(5), "the moon", () -> false))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("the moon")
        .hasMessageContaining("PT0.03S");
  }

  @Test
  void aFailingCheckEndsTheWaitWithItsOwnError() {
    assertThatThrownBy(
            () ->
                Deadline.await(
                    Duration.ofSeconds(10),
                    Duration.ofMillis(5),
                    "a job",
                    () -> {
                      throw new IllegalStateException("job failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job failed");
  }
}
