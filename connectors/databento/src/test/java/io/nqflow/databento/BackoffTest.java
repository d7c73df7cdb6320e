package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysDoubleUpToTheCapWithJitterInTheUpperHalf() {
    Backoff b =
        new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new SplittableRandom(1));
    long[] ceilings = {100, 200, 400, 800, 1000, 1000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        long d = b.delayMillis(attempt);
        assertThat(d).isBetween(ceilings[attempt - 1] / 2, ceilings[attempt - 1]);
        seen.add(d);
      }
      assertThat(seen).as("jitter spreads attempt %d", attempt).hasSizeGreaterThan(10);
    }
    assertThat(b.delayMillis(10_000)).isLessThanOrEqualTo(1000);
  }

  @Test
  void badBoundsAreRefused() {
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
