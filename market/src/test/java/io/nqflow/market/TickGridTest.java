package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TickGridTest {
  private static long px(double points) {
    return Prices.fromDouble(points);
  }

  @Test
  void ticksFineUpToFivePointsAndCoarseAbove() {
    assertThat(TickGrid.tickAt(px(5.00))).isEqualTo(TickGrid.FINE_TICK);
    assertThat(TickGrid.tickAt(px(5.01))).isEqualTo(TickGrid.COARSE_TICK);
    assertThat(TickGrid.onGrid(px(4.05))).isTrue();
    assertThat(TickGrid.onGrid(px(5.00))).isTrue();
    assertThat(TickGrid.onGrid(px(5.05))).isFalse();
    assertThat(TickGrid.onGrid(px(5.25))).isTrue();
    assertThat(TickGrid.onGrid(px(0.03))).isFalse();
    assertThat(TickGrid.onGrid(0)).isFalse();
  }

  @Test
  void roundsAcrossTheBreak() {
    assertThat(TickGrid.roundDown(px(5.20))).isEqualTo(px(5.00));
    assertThat(TickGrid.roundUp(px(5.01))).isEqualTo(px(5.25));
    assertThat(TickGrid.roundUp(px(4.96))).isEqualTo(px(5.00));
    assertThat(TickGrid.nearest(px(5.10))).isEqualTo(px(5.00));
    assertThat(TickGrid.nearest(px(5.125))).isEqualTo(px(5.25)); // tie goes up
    assertThat(TickGrid.up(px(4.95))).isEqualTo(px(5.00));
    assertThat(TickGrid.up(px(5.00))).isEqualTo(px(5.25));
    assertThat(TickGrid.down(px(5.25))).isEqualTo(px(5.00));
    assertThat(TickGrid.down(px(5.00))).isEqualTo(px(4.95));
  }

  @Test
  void neverGoesBelowOneTickUpwardsNorBelowZeroDownwards() {
    assertThat(TickGrid.roundDown(px(0.04))).isZero();
    assertThat(TickGrid.roundDown(px(-3))).isZero();
    assertThat(TickGrid.roundUp(0)).isEqualTo(TickGrid.FINE_TICK);
    assertThat(TickGrid.roundUp(px(-3))).isEqualTo(TickGrid.FINE_TICK);
    assertThat(TickGrid.nearest(px(0.01))).isEqualTo(TickGrid.FINE_TICK);
    assertThat(TickGrid.down(TickGrid.FINE_TICK)).isZero();
  }

  @Test
  void futuresTickAQuarter() {
    assertThat(TickGrid.futuresRoundDown(px(21_000.40))).isEqualTo(px(21_000.25));
    assertThat(TickGrid.futuresRoundDown(px(21_000.25))).isEqualTo(px(21_000.25));
  }

  @Property
  void roundDownIsTheHighestGridPriceAtOrBelow(
      @ForAll @LongRange(min = 0, max = 100_000_000_000_000L) long price) {
    long down = TickGrid.roundDown(price);
    assertThat(down).isLessThanOrEqualTo(price);
    if (down == 0) {
      assertThat(price).isLessThan(TickGrid.FINE_TICK);
    } else {
      assertThat(TickGrid.onGrid(down)).isTrue();
      assertThat(TickGrid.up(down)).isGreaterThan(price);
    }
  }

  @Property
  void roundUpIsTheLowestGridPriceAtOrAbove(
      @ForAll @LongRange(min = -1_000_000_000L, max = 100_000_000_000_000L) long price) {
    long up = TickGrid.roundUp(price);
    assertThat(up).isGreaterThanOrEqualTo(price);
    assertThat(TickGrid.onGrid(up)).isTrue();
    if (up > TickGrid.FINE_TICK) {
      assertThat(TickGrid.down(up)).isLessThan(price);
    }
  }

  @Property
  void nearestIsTheCloserNeighbourAndIdempotent(
      @ForAll @LongRange(min = TickGrid.FINE_TICK, max = 100_000_000_000_000L) long price) {
    long down = TickGrid.roundDown(price);
    long up = TickGrid.roundUp(price);
    long nearest = TickGrid.nearest(price);
    assertThat(nearest).isIn(down, up);
    assertThat(Math.abs(nearest - price)).isLessThanOrEqualTo(Math.min(price - down, up - price));
    assertThat(TickGrid.nearest(nearest)).isEqualTo(nearest);
    assertThat(TickGrid.roundDown(nearest)).isEqualTo(nearest);
    assertThat(TickGrid.roundUp(nearest)).isEqualTo(nearest);
  }

  @Property
  void upAndDownStepBetweenNeighbouringGridPrices(
      @ForAll @LongRange(min = 1, max = 100_000_000_000_000L) long price) {
    long g = TickGrid.roundUp(price);
    long next = TickGrid.up(g);
    assertThat(TickGrid.onGrid(next)).isTrue();
    assertThat(TickGrid.down(next)).isEqualTo(g);
    assertThat(TickGrid.roundUp(g + 1)).isEqualTo(next);
  }
}
