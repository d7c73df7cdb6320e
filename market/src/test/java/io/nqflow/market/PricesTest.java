package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PricesTest {
  @Test
  void convertsPointsAndFixedPoint() {
    assertThat(Prices.fromDouble(21_000.25)).isEqualTo(21_000_250_000_000L);
    assertThat(Prices.toDouble(50_000_000L)).isEqualTo(0.05);
    assertThat(Prices.points(5)).isEqualTo(5_000_000_000L);
    assertThatThrownBy(() -> Prices.points(Long.MAX_VALUE / 10))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void roundsToTheNearestUnitWithTiesUp() {
    assertThat(Prices.fromDouble(1.0000000004)).isEqualTo(1_000_000_000L);
    assertThat(Prices.fromDouble(1.0000000006)).isEqualTo(1_000_000_001L);
    assertThat(Prices.fromDouble(-0.0000000005)).isEqualTo(0L); // tie toward +infinity
    assertThat(Prices.divideRounded(5, 2)).isEqualTo(3);
    assertThat(Prices.divideRounded(-5, 2)).isEqualTo(-2); // tie toward +infinity
    assertThat(Prices.divideRounded(7, 3)).isEqualTo(2);
    assertThat(Prices.divideRounded(8, 3)).isEqualTo(3);
    assertThatThrownBy(() -> Prices.divideRounded(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void fixedPointSurvivesARoundTripThroughDouble(
      @ForAll @LongRange(min = -100_000_000_000_000L, max = 100_000_000_000_000L) long price) {
    // Up to 100,000 points every 1e-9 unit is representable exactly enough to come back.
    assertThat(Prices.fromDouble(Prices.toDouble(price))).isEqualTo(price);
  }

  @Property
  void divideRoundedIsTheExactRatioRoundedHalfUp(
      @ForAll long numerator, @ForAll @IntRange(min = 1) int denominator) {
    // floor(n/d + 1/2) = floor((2n + d) / 2d) is "nearest, ties toward +infinity".
    BigDecimal twice = new BigDecimal(numerator).multiply(BigDecimal.valueOf(2));
    long expected =
        twice
            .add(new BigDecimal(denominator))
            .divide(
                new BigDecimal(denominator).multiply(BigDecimal.valueOf(2)), 0, RoundingMode.FLOOR)
            .longValueExact();
    assertThat(Prices.divideRounded(numerator, denominator)).isEqualTo(expected);
  }

  @Property
  void divideRoundedAgreesWithMathRoundWhileDoublesAreExact(
      @ForAll @LongRange(min = -1L << 50, max = 1L << 50) long numerator,
      @ForAll @IntRange(min = 1, max = 10_000) int denominator) {
    assertThat(Prices.divideRounded(numerator, denominator))
        .isEqualTo(Math.round((double) numerator / denominator));
  }
}
