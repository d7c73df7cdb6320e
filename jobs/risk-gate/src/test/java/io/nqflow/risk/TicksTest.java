package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicksTest {
  @Test
  void fineGridAtOrBelowFivePoints() {
    assertThat(Ticks.floor(px(4.99))).isEqualTo(px(4.95));
    assertThat(Ticks.ceil(px(4.96))).isEqualTo(px(5.00));
    assertThat(Ticks.floor(px(5.00))).isEqualTo(px(5.00));
    assertThat(Ticks.floor(px(0.04))).isZero();
  }

  @Test
  void coarseGridAboveFivePoints() {
    assertThat(Ticks.floor(px(5.10))).isEqualTo(px(5.00));
    assertThat(Ticks.ceil(px(5.01))).isEqualTo(px(5.25));
    assertThat(Ticks.floor(px(123.49))).isEqualTo(px(123.25));
    assertThat(Ticks.onGrid(px(5.05))).isFalse();
    assertThat(Ticks.onGrid(px(4.05))).isTrue();
  }
}
