package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TicksTest {
  private static long px(String s) {
    return new java.math.BigDecimal(s).movePointRight(9).longValueExact();
  }

  @Test
  void optionGridIsFiveCentsAtOrBelowFiveAndQuarterAbove() {
    assertThat(Ticks.onOptionGrid(px("4.95"))).isTrue();
    assertThat(Ticks.onOptionGrid(px("5.00"))).isTrue();
    assertThat(Ticks.onOptionGrid(px("5.05"))).isFalse();
    assertThat(Ticks.onOptionGrid(px("5.25"))).isTrue();
    assertThat(Ticks.onOptionGrid(px("0.03"))).isFalse();
    assertThat(Ticks.optionUp(px("5.00"))).isEqualTo(px("5.25"));
    assertThat(Ticks.optionUp(px("4.95"))).isEqualTo(px("5.00"));
    assertThat(Ticks.optionDown(px("5.25"))).isEqualTo(px("5.00"));
    assertThat(Ticks.optionDown(px("5.00"))).isEqualTo(px("4.95"));
    assertThat(Ticks.optionFloor(px("5.20"))).isEqualTo(px("5.00"));
    assertThat(Ticks.optionCeil(px("5.01"))).isEqualTo(px("5.25"));
    assertThat(Ticks.optionCeil(px("4.96"))).isEqualTo(px("5.00"));
    assertThat(Ticks.optionFloor(px("0.04"))).isZero();
  }

  @Test
  void black76PutCallParityHolds() {
    double c = Black76.price(true, 21_500, 21_400, 0.2, 0.1);
    double p = Black76.price(false, 21_500, 21_400, 0.2, 0.1);
    assertThat(c - p).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-3));
  }
}
