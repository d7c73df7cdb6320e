package io.nqflow.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlowDetectionSettingsTest {
  @Test
  void defaultsAreTheOriginalSystemsFigures() {
    FlowDetectionSettings s = FlowDetectionSettings.defaults();
    assertThat(new double[] {s.moderateRatio(), s.highRatio(), s.veryHighRatio(), s.extremeRatio()})
        .containsExactly(4, 10, 30, 50);
    assertThat(s.minPremiumUsd()).isEqualTo(100_000);
    assertThat(s.maxStrikeDistance()).isEqualTo(0.02);
    assertThat(s.immediateSignedDelta()).isEqualTo(5_000);
    assertThat(s.baselineSessions()).isEqualTo(20);
    assertThat(s.enabled("ifd_v1")).isTrue();
    assertThat(s.enabled("ifd_v3")).isTrue();
  }

  @Test
  void reportsEveryViolationAtOnce() {
    assertThatThrownBy(
            () ->
                FlowDetectionSettings.defaults().toBuilder()
                    .window(Duration.ZERO)
                    .highRatio(3)
                    .maxStrikeDistance(-1)
                    .variant(" ")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be a positive duration")
        .hasMessageContaining("ratios must rise strictly")
        .hasMessageContaining("maxStrikeDistance must be > 0")
        .hasMessageContaining("variant must be set");
  }

  @Test
  void patternsAreSwitchedByName() {
    FlowDetectionSettings s =
        FlowDetectionSettings.defaults().toBuilder()
            .enable("ifd_v3", false)
            .enable("ladder", false)
            .build();
    assertThat(s.enabled("ifd_v1")).isTrue();
    assertThat(s.enabled("ifd_v3")).isFalse();
    assertThat(s.enabled("ladder")).isFalse();
    assertThat(s.enabled("sweep")).isTrue();
    assertThat(s.enabledNames())
        .containsExactly("ifd_v1", "sweep", "iceberg", "block", "accumulation");
    assertThat(s.patternVersion("ladder")).isEqualTo("1");
    assertThat(s.patternVersion("ifd_v3")).isEqualTo(FlowDetectionSettings.IFD_V3_VERSION);
  }
}
