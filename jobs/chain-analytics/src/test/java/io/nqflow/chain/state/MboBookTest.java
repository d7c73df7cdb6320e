package io.nqflow.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.market.Prices;
import org.junit.jupiter.api.Test;

class MboBookTest {
  private static long px(double points) {
    return Prices.fromDouble(points);
  }

  @Test
  void theTopFollowsAddsCancelsModifiesAndIgnoresTradesAndFills() {
    MboBook b = new MboBook();
    assertThat(b.bestBid()).isEqualTo(MboBook.NONE);
    assertThat(b.bidPoints()).isNaN();

    b.apply('A', 'B', 1, px(10.00), 5);
    b.apply('A', 'B', 2, px(10.25), 3);
    b.apply('A', 'A', 3, px(10.75), 4);
    b.apply('A', 'A', 4, px(10.50), 2);
    assertThat(b.bidPoints()).isEqualTo(10.25);
    assertThat(b.askPoints()).isEqualTo(10.50);

    // An aggressive buy of 2 at 10.50: T (aggressor) and F (resting order 4) leave the book as is;
    // the cancel that follows takes the filled size off.
    assertThat(b.apply('T', 'B', 99, px(10.50), 2)).isFalse();
    assertThat(b.apply('F', 'A', 4, px(10.50), 2)).isFalse();
    assertThat(b.askPoints()).isEqualTo(10.50);
    b.apply('C', 'A', 4, px(10.50), 2);
    assertThat(b.askPoints()).isEqualTo(10.75);

    // A partial cancel leaves the rest of the order at its level.
    b.apply('C', 'B', 2, px(10.25), 1);
    assertThat(b.bidPoints()).isEqualTo(10.25);
    assertThat(b.sizeAt('B', px(10.25))).isEqualTo(2);
    b.apply('C', 'B', 2, px(10.25), 2);
    assertThat(b.bidPoints()).isEqualTo(10.00);

    // A modify moves the order: the old level empties, the new one fills.
    b.apply('M', 'B', 1, px(10.50), 6);
    assertThat(b.bidPoints()).isEqualTo(10.50);
    assertThat(b.sizeAt('B', px(10.00))).isZero();
    assertThat(b.sizeAt('B', px(10.50))).isEqualTo(6);
    b.apply('M', 'A', 3, px(11.00), 1);
    assertThat(b.askPoints()).isEqualTo(11.00);
    assertThat(b.orderCount()).isEqualTo(2);

    b.apply('R', 'N', 0, 0, 0);
    assertThat(b.bidPoints()).isNaN();
    assertThat(b.askPoints()).isNaN();
    assertThat(b.orderCount()).isZero();
  }

  @Test
  void twoOrdersAtOneLevelKeepItUntilBothLeave() {
    MboBook b = new MboBook();
    b.add(1, 'A', px(5.05), 1);
    b.add(2, 'A', px(5.05), 2);
    b.add(3, 'A', px(5.25), 1);
    assertThat(b.sizeAt('A', px(5.05))).isEqualTo(3);
    b.cancel(1, 1);
    assertThat(b.askPoints()).isEqualTo(5.05);
    b.cancel(2, 2);
    assertThat(b.askPoints()).isEqualTo(5.25);
  }

  @Test
  void ordersTheBookNeverSawAreCountedAndAModifyOfOneAddsIt() {
    MboBook b = new MboBook();
    assertThat(b.cancel(42, 1)).isFalse();
    assertThat(b.apply('M', 'B', 43, px(7.5), 2)).isTrue();
    assertThat(b.bidPoints()).isEqualTo(7.5);
    assertThat(b.unknownOrders()).isEqualTo(2);
  }
}
