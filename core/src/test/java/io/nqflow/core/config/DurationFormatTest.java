package io.nqflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationFormatTest {

  @Test
  void parsesEveryUnitOfTheConfigFormat() {
    assertThat(DurationFormat.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationFormat.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(DurationFormat.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationFormat.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationFormat.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(DurationFormat.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void rejectsDurationsWithoutAUnit() {
    assertThatThrownBy(() -> DurationFormat.parse("10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500ms");
    assertThatThrownBy(() -> DurationFormat.parse("1.5s"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsWithTheLargestExactUnit() {
    assertThat(DurationFormat.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationFormat.format(Duration.ofMinutes(120))).isEqualTo("2h");
    assertThat(DurationFormat.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void replaySpeedAcceptsMaxAndMultipliers() {
    assertThat(ReplaySpeed.parse("max")).isEqualTo(ReplaySpeed.MAX);
    assertThat(ReplaySpeed.parse("x10").multiplier()).isEqualTo(10.0);
    assertThat(ReplaySpeed.parse("x0.5").toString()).isEqualTo("x0.5");
    assertThatThrownBy(() -> ReplaySpeed.parse("fast")).hasMessageContaining("x10");
    assertThatThrownBy(() -> ReplaySpeed.parse("x0")).isInstanceOf(IllegalArgumentException.class);
  }
}
