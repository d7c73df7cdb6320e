package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AverageCostPositionTest {
  record Fill(int quantity, long price) {}

  private static long px(double points) {
    return Prices.fromDouble(points);
  }

  @Test
  void averagesAddsAndRealizesReductionsAgainstTheAverage() {
    AverageCostPosition p = new AverageCostPosition(Multipliers.NQ_USD);
    p.apply(2, px(10.00));
    p.apply(1, px(10.30));
    assertThat(p.quantity()).isEqualTo(3);
    assertThat(p.avgPrice()).isEqualTo(px(10.10));
    AverageCostPosition.Change c = p.apply(-2, px(11.10));
    assertThat(c.closedQuantity()).isEqualTo(2);
    assertThat(c.realizedPoints()).isCloseTo(2.0, within(1e-9));
    assertThat(c.realizedUsd()).isCloseTo(40.0, within(1e-9));
    assertThat(p.avgPrice()).isEqualTo(px(10.10)); // a reduction leaves the average
    assertThat(p.unrealizedUsd(px(9.10))).isCloseTo(-20.0, within(1e-9));
  }

  @Test
  void aFlipClosesTheOldSideAndOpensTheRestAtTheFillPrice() {
    AverageCostPosition p = new AverageCostPosition(Multipliers.MNQ_USD);
    p.apply(-2, px(7.00));
    AverageCostPosition.Change c = p.apply(5, px(6.00));
    assertThat(c.closedQuantity()).isEqualTo(2);
    assertThat(c.realizedUsd()).isCloseTo(4.0, within(1e-9)); // short 2 from 7 covered at 6
    assertThat(p.quantity()).isEqualTo(3);
    assertThat(p.avgPrice()).isEqualTo(px(6.00));
    p.apply(-3, px(6.50));
    assertThat(p.isFlat()).isTrue();
    assertThat(p.avgPrice()).isZero();
    assertThat(p.unrealizedUsd(px(100))).isZero();
  }

  @Test
  void roundsTheAverageToTheNearestUnit() {
    AverageCostPosition p = new AverageCostPosition(1);
    p.apply(1, 1);
    p.apply(2, 2); // 5/3 = 1.67 units
    assertThat(p.avgPrice()).isEqualTo(2);
    AverageCostPosition q = new AverageCostPosition(1);
    q.apply(1, 1);
    q.apply(1, 2); // 1.5 units: ties go up
    assertThat(q.avgPrice()).isEqualTo(2);
  }

  @Test
  void refusesNonsense() {
    AverageCostPosition p = new AverageCostPosition(20);
    assertThatThrownBy(() -> p.apply(0, px(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AverageCostPosition(20, 0, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AverageCostPosition(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    AverageCostPosition huge = new AverageCostPosition(20, 1_000_000, Long.MAX_VALUE / 1_000);
    assertThatThrownBy(() -> huge.apply(1_000_000, Long.MAX_VALUE / 1_000))
        .isInstanceOf(ArithmeticException.class);
  }

  @Provide
  Arbitrary<List<Fill>> fills() {
    Arbitrary<Integer> qty = Arbitraries.integers().between(-50, 50).filter(q -> q != 0);
    Arbitrary<Long> price = Arbitraries.longs().between(1, 30_000_000_000_000L);
    return Combinators.combine(qty, price).as(Fill::new).list().ofMinSize(1).ofMaxSize(30);
  }

  @Property
  void quantityIsTheSumOfFillsAndTheAverageIsTheExactRoundedMean(
      @ForAll("fills") List<Fill> fills) {
    AverageCostPosition p = new AverageCostPosition(20);
    int q = 0;
    long avg = 0;
    for (Fill f : fills) {
      p.apply(f.quantity(), f.price());
      if (q == 0 || Integer.signum(q) == Integer.signum(f.quantity())) {
        // Reference: BigInteger, nearest with ties up, for non-negative totals.
        BigInteger total =
            BigInteger.valueOf(avg)
                .multiply(BigInteger.valueOf(Math.abs(q)))
                .add(
                    BigInteger.valueOf(f.price())
                        .multiply(BigInteger.valueOf(Math.abs(f.quantity()))));
        BigInteger n = BigInteger.valueOf(Math.abs(q + f.quantity()));
        avg = total.shiftLeft(1).add(n).divide(n.shiftLeft(1)).longValueExact();
      } else if (Integer.signum(q + f.quantity()) != Integer.signum(q)) {
        avg = q + f.quantity() == 0 ? 0 : f.price();
      }
      q += f.quantity();
      assertThat(p.quantity()).isEqualTo(q);
      assertThat(p.avgPrice()).isEqualTo(avg);
    }
  }

  @Property
  void realizedPlusUnrealizedIsTheCashFlowAtTheMark(@ForAll("fills") List<Fill> fills) {
    AverageCostPosition p = new AverageCostPosition(2);
    long mark = fills.get(fills.size() - 1).price();
    double realized = 0;
    BigInteger cash = BigInteger.ZERO; // sum of -q * price, 1e-9 units
    double contracts = 0;
    double grossUsd = 0;
    for (Fill f : fills) {
      realized += p.apply(f.quantity(), f.price()).realizedUsd();
      cash =
          cash.subtract(BigInteger.valueOf(f.quantity()).multiply(BigInteger.valueOf(f.price())));
      contracts += Math.abs(f.quantity());
      grossUsd += Math.abs(f.quantity()) * Prices.toDouble(f.price()) * 2;
    }
    BigInteger value =
        cash.add(BigInteger.valueOf(p.quantity()).multiply(BigInteger.valueOf(mark)));
    double exactUsd = value.doubleValue() / Prices.SCALE * 2;
    // Each average rounding is at most half a unit on at most every contract traded, and the
    // doubles lose about 1e-16 of the gross on each of the few dozen sums.
    double tolerance = fills.size() * contracts * 1e-9 * 2 + grossUsd * 1e-13 + 1e-9;
    assertThat(realized + p.unrealizedUsd(mark)).isCloseTo(exactUsd, within(tolerance));
  }
}
