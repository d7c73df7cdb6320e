package io.nqflow.execution.broker;

import static io.nqflow.execution.TestData.T0;
import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.execution.TestData;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.orders.v1.OrderIntent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper broker's event clock: activation at ts_signal + latency, fills in event time. */
class PaperBrokerEventClockTest {
  private static final long I = 42;
  private static final long J = 43;
  private static final long MS = 1_000_000L;
  private static final Duration LATENCY = Duration.ofMillis(5);

  private static OrderIntent buy(String signal, long instrument, int qty, double limit, long ts) {
    return OrderIntent.newBuilder(TestData.buy("a", signal, instrument, qty, limit))
        .setTsSignal(ts)
        .build();
  }

  private static OrderRequest request(OrderIntent i) {
    OrderRequest r = TestData.request(i);
    return new OrderRequest(
        r.clientOrderId(),
        r.instrumentId(),
        r.symbol(),
        r.side(),
        r.quantity(),
        r.limitPrice(),
        r.stopLossPrice(),
        r.profitTargetPrice(),
        i.getTsSignal());
  }

  @Test
  void anOrderNeverFillsOnMarketEventsBeforeItsSignalTimePlusLatency() throws Exception {
    PaperBroker b = new PaperBroker(LATENCY, 0, true);
    // Placed long before its signal time: the market that crosses it before then does not count.
    Placement p = b.place(request(buy("s1", I, 2, 10.0, T0 + 1_000 * MS)));
    b.onMarketEvent(TestData.quote(I, T0, 9.5, 5, 10.0, 5));
    b.onMarketEvent(TestData.trade(I, T0 + 1_001 * MS, 9.5, 10));
    b.onMarketEvent(TestData.quote(I, T0 + 1_004 * MS, 9.5, 5, 9.9, 5));
    assertThat(b.fills(p.order().brokerOrderId())).isEmpty();

    // The next event (after the activation at +1005 ms): the order meets the book that stood at
    // its activation (ask 9.90 x 5) and fills there, stamped with the activation time.
    b.onMarketEvent(TestData.quote(I, T0 + 1_006 * MS, 9.5, 5, 10.0, 1));
    List<BrokerFill> fills = b.fills(p.order().brokerOrderId());
    assertThat(fills)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.quantity()).isEqualTo(2);
              assertThat(f.price()).isEqualTo(px(9.9));
              assertThat(f.tsEvent()).isEqualTo(T0 + 1_005 * MS);
            });
    assertThat(b.lateOrders()).isZero();
  }

  @Test
  void theSameOrdersAndMarketGiveTheSameFillsWhateverTheInterleaving() throws Exception {
    List<OrderIntent> intents =
        List.of(
            buy("s1", I, 3, 10.0, T0 + 10 * MS),
            buy("s2", J, 1, 5.0, T0 + 12 * MS),
            buy("s3", I, 1, 10.25, T0 + 30 * MS));
    List<MarketEvent> market =
        List.of(
            TestData.quote(I, T0, 9.75, 5, 10.0, 2),
            TestData.quote(J, T0 + 1 * MS, 4.75, 5, 5.0, 4),
            TestData.quote(I, T0 + 14 * MS, 9.75, 5, 10.0, 4),
            TestData.trade(J, T0 + 20 * MS, 6.0, 3),
            TestData.quote(I, T0 + 40 * MS, 9.75, 5, 10.25, 3),
            TestData.trade(I, T0 + 50 * MS, 11.0, 10),
            TestData.trade(I, T0 + 60 * MS, 11.5, 10));

    // All orders first, then the market (a slow market, fast orders).
    PaperBroker early = new PaperBroker(LATENCY, 1, true);
    for (OrderIntent i : intents) {
      early.place(request(i));
    }
    market.forEach(early::onMarketEvent);

    // Each order placed at the last moment: just before the first event of its instrument at or
    // after its activation time (a fast market, slow orders).
    PaperBroker late = new PaperBroker(LATENCY, 1, true);
    List<OrderIntent> waiting = new ArrayList<>(intents);
    for (MarketEvent e : market) {
      for (OrderIntent i : List.copyOf(waiting)) {
        if (i.getInstrumentId() == e.getInstrumentId()
            && i.getTsSignal() + LATENCY.toNanos() <= e.getTsEvent()) {
          late.place(request(i));
          waiting.remove(i);
        }
      }
      late.onMarketEvent(e);
    }
    for (OrderIntent i : waiting) {
      late.place(request(i));
    }

    List<BrokerFill> a = allFills(early);
    List<BrokerFill> b = allFills(late);
    assertThat(b).isEqualTo(a);
    assertThat(late.lateOrders()).isZero();

    // Worked by hand. s1 (BUY 3 @ 10.00, active at +15 ms) meets the book of +14 ms, ask 10.00 x 4:
    // 3 at 10.00 (one tick of slippage, capped at the limit), stamped +15 ms. s2 (BUY 1 @ 5.00,
    // active at +17 ms) meets ask 5.00 x 4 at +17 ms: 5.05 slipped, capped at 5.00.
    String s1 = id(intents.get(0));
    String s2 = id(intents.get(1));
    assertThat(a)
        .filteredOn(f -> f.brokerOrderId().equals(s1))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.quantity()).isEqualTo(3);
              assertThat(f.price()).isEqualTo(px(10.0));
              assertThat(f.tsEvent()).isEqualTo(T0 + 15 * MS);
            });
    assertThat(a)
        .filteredOn(f -> f.brokerOrderId().equals(s2))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.price()).isEqualTo(px(5.0));
              assertThat(f.tsEvent()).isEqualTo(T0 + 17 * MS);
            });
    // s1's profit target (11.00, SELL 3) fills on the print at 11.00 at +50 ms.
    assertThat(a)
        .filteredOn(f -> f.brokerOrderId().equals(id(intents.get(0), OrderLeg.PROFIT_TARGET)))
        .extracting(BrokerFill::quantity, BrokerFill::price, BrokerFill::tsEvent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, px(11.0), T0 + 50 * MS));
    // No fill of an order before its signal time plus the latency.
    for (OrderIntent i : intents) {
      assertThat(a)
          .filteredOn(f -> f.brokerOrderId().equals(id(i)))
          .allSatisfy(
              f -> assertThat(f.tsEvent()).isGreaterThanOrEqualTo(i.getTsSignal() + 5 * MS));
    }
  }

  @Test
  void anOrderPlacedAfterItsMarketPassedIsCountedLate() throws Exception {
    PaperBroker b = new PaperBroker(LATENCY, 0, true);
    b.onMarketEvent(TestData.quote(I, T0 + 100 * MS, 9.5, 5, 10.0, 5));
    Placement p = b.place(request(buy("s1", I, 1, 10.0, T0)));
    assertThat(b.lateOrders()).isEqualTo(1);
    // It meets the book of now, stamped with the instrument's time.
    assertThat(b.fills(p.order().brokerOrderId()))
        .extracting(BrokerFill::tsEvent)
        .containsExactly(T0 + 100 * MS);
  }

  @Test
  void theArrivalClockIgnoresTheSignalTime() throws Exception {
    PaperBroker b = new PaperBroker(LATENCY, 0, false);
    b.onMarketEvent(TestData.quote(I, T0, 9.5, 5, 10.0, 5));
    // Signal time far in the future: on the arrival clock it is active at market time + 5 ms.
    Placement p = b.place(request(buy("s1", I, 1, 10.0, T0 + 1_000 * MS)));
    b.onMarketEvent(TestData.quote(I, T0 + 6 * MS, 9.5, 5, 10.0, 5));
    assertThat(b.fills(p.order().brokerOrderId()))
        .extracting(BrokerFill::tsEvent)
        .containsExactly(T0 + 6 * MS);
  }

  private static String id(OrderIntent i) {
    return io.nqflow.core.ids.Ids.of("pord", i.getClientOrderId());
  }

  private static String id(OrderIntent i, OrderLeg leg) {
    return io.nqflow.core.ids.Ids.of(
        "pord", OrderRequest.legClientOrderId(i.getClientOrderId(), leg));
  }

  private static List<BrokerFill> allFills(PaperBroker b) throws BrokerException {
    List<BrokerFill> out = new ArrayList<>();
    for (String coid : b.clientOrderIds()) {
      Placement p = b.findByClientOrderId(coid).orElseThrow();
      out.addAll(b.fills(p.order().brokerOrderId()));
    }
    // Orders are listed in placement order, which differs between interleavings.
    out.sort(java.util.Comparator.comparing(BrokerFill::executionId));
    return out;
  }
}
