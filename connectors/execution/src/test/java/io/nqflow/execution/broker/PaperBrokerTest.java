package io.nqflow.execution.broker;

import static io.nqflow.execution.TestData.T0;
import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.execution.TestData;
import io.nqflow.md.v1.Action;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperBrokerTest {
  private static final long I = 42;

  private static PaperBroker broker(Duration latency, int slippageTicks) {
    return new PaperBroker(latency, slippageTicks);
  }

  @Test
  void marketableLimitFillsAtTouchUpToDisplayedSizeAndRestRests() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.quote(I, T0, 10.0, 5, 10.25, 3));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 5, 10.50)));

    List<BrokerFill> first = b.fills(p.order().brokerOrderId());
    assertThat(first).hasSize(1);
    assertThat(first.get(0).quantity()).isEqualTo(3);
    assertThat(first.get(0).price()).isEqualTo(px(10.25));
    assertThat(b.order(p.order().brokerOrderId()).status()).isEqualTo(BrokerOrderStatus.WORKING);

    // The same displayed size is not taken twice.
    b.onMarketEvent(TestData.quote(I, T0 + 1, 10.0, 5, 10.25, 3));
    assertThat(b.fills(p.order().brokerOrderId())).hasSize(1);

    // The book moves: two more contracts show at 10.50, within the limit.
    b.onMarketEvent(TestData.quote(I, T0 + 2, 10.0, 5, 10.50, 4));
    List<BrokerFill> all = b.fills(p.order().brokerOrderId());
    assertThat(all).hasSize(2);
    assertThat(all.get(1).quantity()).isEqualTo(2);
    assertThat(all.get(1).price()).isEqualTo(px(10.50));
    assertThat(all.get(1).tsEvent()).isEqualTo(T0 + 2);
    assertThat(b.order(p.order().brokerOrderId()).status()).isEqualTo(BrokerOrderStatus.FILLED);
  }

  @Test
  void nonMarketableLimitFillsWhenTradesPrintThroughIt() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.25, 3));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 4, 10.0)));
    assertThat(b.fills(p.order().brokerOrderId())).isEmpty();

    b.onMarketEvent(TestData.trade(I, T0 + 1, 10.0, 1));
    b.onMarketEvent(TestData.trade(I, T0 + 2, 9.75, 10));

    List<BrokerFill> fills = b.fills(p.order().brokerOrderId());
    assertThat(fills).extracting(BrokerFill::quantity).containsExactly(1, 3);
    assertThat(fills).extracting(BrokerFill::price).containsOnly(px(10.0));
  }

  @Test
  void slippageIsAdverseInTicksAndNeverBeyondTheLimit() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 2);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.0, 10));
    Placement wide = b.place(TestData.request(TestData.buy("a", "s1", I, 1, 11.0)));
    Placement tight = b.place(TestData.request(TestData.buy("a", "s2", I, 1, 10.25)));

    assertThat(b.fills(wide.order().brokerOrderId()).get(0).price()).isEqualTo(px(10.50));
    assertThat(b.fills(tight.order().brokerOrderId()).get(0).price()).isEqualTo(px(10.25));

    Placement sell =
        b.place(
            TestData.request(
                TestData.intent("a", "s3", I, OrderSide.SELL, 1, 9.0, 10.0, 8.0, false)));
    assertThat(b.fills(sell.order().brokerOrderId()).get(0).price()).isEqualTo(px(9.25));
  }

  @Test
  void slippageFollowsTheOptionTickGridAcrossFivePoints() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 2);
    b.onMarketEvent(TestData.quote(I, T0, 1.95, 5, 2.05, 10));
    Placement cheap = b.place(TestData.request(TestData.buy("a", "s1", I, 1, 3.0)));
    b.onMarketEvent(TestData.quote(I + 1, T0, 4.90, 5, 4.95, 10));
    Placement edge = b.place(TestData.request(TestData.buy("a", "s2", I + 1, 1, 6.0)));

    // Two 0.05 ticks below 5.00; from 4.95 one fine tick to 5.00, then one coarse tick to 5.25.
    assertThat(b.fills(cheap.order().brokerOrderId()).get(0).price()).isEqualTo(px(2.15));
    assertThat(b.fills(edge.order().brokerOrderId()).get(0).price()).isEqualTo(px(5.25));
  }

  @Test
  void ordersArriveAfterTheLatencyInMarketTime() throws Exception {
    PaperBroker b = broker(Duration.ofMillis(2), 0);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.0, 10));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 1, 10.0)));
    assertThat(b.fills(p.order().brokerOrderId())).isEmpty();

    b.onMarketEvent(TestData.quote(I, T0 + 1_000_000, 9.75, 5, 10.0, 10));
    assertThat(b.fills(p.order().brokerOrderId())).isEmpty();

    b.onMarketEvent(TestData.quote(I, T0 + 2_000_000, 9.75, 5, 10.0, 10));
    assertThat(b.fills(p.order().brokerOrderId()))
        .singleElement()
        .extracting(BrokerFill::tsEvent)
        .isEqualTo(T0 + 2_000_000);
  }

  @Test
  void stopLossTriggersOnTheMarkAndCancelsTheTarget() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 1);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.0, 10));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 2, 10.0)));
    String stop = p.stopLoss().orElseThrow().brokerOrderId();
    String target = p.profitTarget().orElseThrow().brokerOrderId();
    // The entry filled at once, so its protective legs are working.
    assertThat(b.order(stop).status()).isEqualTo(BrokerOrderStatus.WORKING);

    b.onMarketEvent(TestData.quote(I, T0 + 1, 9.0, 5, 9.25, 5));
    assertThat(b.fills(stop)).isEmpty();

    b.onMarketEvent(TestData.trade(I, T0 + 2, 9.0, 1));

    // Stop at 9.00 triggered by the print; sells at the 9.00 bid less one tick of slippage.
    assertThat(b.fills(stop))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.quantity()).isEqualTo(2);
              assertThat(f.price()).isEqualTo(px(8.75));
              assertThat(f.side()).isEqualTo(OrderSide.SELL);
            });
    assertThat(b.order(stop).status()).isEqualTo(BrokerOrderStatus.FILLED);
    assertThat(b.order(target).status()).isEqualTo(BrokerOrderStatus.CANCELLED);
    assertThat(b.positions()).isEmpty();
  }

  @Test
  void profitTargetFillsWhenTheMarkReachesItAndCancelsTheStop() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.0, 10));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 3, 10.0)));
    String stop = p.stopLoss().orElseThrow().brokerOrderId();
    String target = p.profitTarget().orElseThrow().brokerOrderId();

    b.onMarketEvent(TestData.trade(I, T0 + 1, 11.0, 2));
    assertThat(b.fills(target))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.quantity()).isEqualTo(2);
              assertThat(f.price()).isEqualTo(px(11.0));
            });
    assertThat(b.order(stop).status()).isEqualTo(BrokerOrderStatus.WORKING);
    assertThat(b.positions()).containsExactly(new BrokerPosition("NQ-42", 1));

    b.onMarketEvent(TestData.trade(I, T0 + 2, 11.25, 5));
    assertThat(b.order(target).status()).isEqualTo(BrokerOrderStatus.FILLED);
    assertThat(b.order(stop).status()).isEqualTo(BrokerOrderStatus.CANCELLED);
    assertThat(b.positions()).isEmpty();
  }

  @Test
  void marketByOrderBookTracksAddsCancelsModifiesAndFills() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.mbo(I, T0, 1, Action.ADD, Side.ASK, 10.0, 2));
    b.onMarketEvent(TestData.mbo(I, T0 + 1, 2, Action.ADD, Side.ASK, 10.0, 3));
    b.onMarketEvent(TestData.mbo(I, T0 + 2, 2, Action.CANCEL, Side.ASK, 10.0, 1));
    b.onMarketEvent(TestData.mbo(I, T0 + 3, 1, Action.FILL, Side.ASK, 10.0, 1));
    b.onMarketEvent(TestData.mbo(I, T0 + 4, 3, Action.ADD, Side.ASK, 10.25, 4));
    b.onMarketEvent(TestData.mbo(I, T0 + 5, 3, Action.MODIFY, Side.ASK, 10.50, 4));
    // 10.00 now shows 1 + 2 = 3 contracts; 10.25 is empty after the modify.
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 5, 10.25)));
    assertThat(b.fills(p.order().brokerOrderId()))
        .singleElement()
        .satisfies(f -> assertThat(f.quantity()).isEqualTo(3));
  }

  @Test
  void aBookClearDropsTheBookOfAnInstrumentWithoutWorkingOrders() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.mbo(I, T0, 1, Action.ADD, Side.ASK, 10.0, 2));
    b.onMarketEvent(TestData.mbo(I + 1, T0, 2, Action.ADD, Side.ASK, 5.0, 2));
    // A bid below the ask rests on I + 1: that book must stay.
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I + 1, 1, 4.0)));
    assertThat(b.booksHeld()).isEqualTo(2);
    b.onMarketEvent(TestData.mbo(I, T0 + 1, 0, Action.CLEAR, Side.NONE, 0.0, 0));
    b.onMarketEvent(TestData.mbo(I + 1, T0 + 1, 0, Action.CLEAR, Side.NONE, 0.0, 0));
    assertThat(b.booksHeld()).isEqualTo(1);
    // The stale ask of the cleared session is gone: nothing fills at 10.00 any more.
    b.onMarketEvent(TestData.mbo(I, T0 + 2, 3, Action.ADD, Side.ASK, 10.5, 1));
    Placement q = b.place(TestData.request(TestData.buy("b", "s2", I, 1, 10.0)));
    assertThat(b.fills(q.order().brokerOrderId())).isEmpty();
    assertThat(b.order(p.order().brokerOrderId()).status()).isNotEqualTo(BrokerOrderStatus.FILLED);
  }

  @Test
  void executionIdsAreDeterministic() throws Exception {
    List<String> first = run();
    List<String> second = run();
    assertThat(first).isNotEmpty().isEqualTo(second);
  }

  private static List<String> run() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.0, 1));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 2, 10.0)));
    b.onMarketEvent(TestData.quote(I, T0 + 1, 9.75, 5, 10.0, 3));
    return b.fills(p.order().brokerOrderId()).stream().map(BrokerFill::executionId).toList();
  }

  @Test
  void cancellingAnUnfilledEntryCancelsItsBracket() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    b.onMarketEvent(TestData.quote(I, T0, 9.75, 5, 10.25, 1));
    Placement p = b.place(TestData.request(TestData.buy("a", "s1", I, 1, 10.0)));
    assertThat(b.order(p.stopLoss().orElseThrow().brokerOrderId()).status())
        .isEqualTo(BrokerOrderStatus.PENDING);
    b.cancel(p.order().brokerOrderId());
    assertThat(b.order(p.order().brokerOrderId()).status()).isEqualTo(BrokerOrderStatus.CANCELLED);
    assertThat(b.order(p.stopLoss().orElseThrow().brokerOrderId()).status())
        .isEqualTo(BrokerOrderStatus.CANCELLED);
    b.onMarketEvent(TestData.quote(I, T0 + 1, 9.75, 5, 9.50, 10));
    assertThat(b.fills(p.order().brokerOrderId())).isEmpty();
  }

  @Test
  void aClientOrderIdIsPlacedOnlyOnce() throws Exception {
    PaperBroker b = broker(Duration.ZERO, 0);
    OrderRequest r = TestData.request(TestData.buy("a", "s1", I, 1, 10.0));
    b.place(r);
    assertThatThrownBy(() -> b.place(r)).isInstanceOf(BrokerException.Rejected.class);
    assertThat(b.findByClientOrderId(r.clientOrderId())).isPresent();
    assertThatThrownBy(() -> b.order("nope")).isInstanceOf(BrokerException.NotFound.class);
  }
}
