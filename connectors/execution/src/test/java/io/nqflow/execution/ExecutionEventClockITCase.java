package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static io.nqflow.execution.TestData.T0;
import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.execution.ExecutionSettings.PaperClock;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event clock end to end on a real broker with md.events in three partitions: the same market
 * and intents, delivered in different interleavings, give the same fills, none before ts_signal +
 * latency.
 */
class ExecutionEventClockITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension(3);

  private static final long MS = 1_000_000L;

  @TempDir Path dir;

  private enum Interleaving {
    MARKET_FIRST,
    INTENTS_FIRST,
    MARKET_AROUND_INTENTS
  }

  private static List<MarketEvent> market() {
    return List.of(
        TestData.quote(201, T0, 9.75, 5, 10.0, 1),
        TestData.quote(203, T0 + 1 * MS, 2.75, 5, 2.9, 5),
        TestData.quote(202, T0 + 2 * MS, 4.75, 5, 5.0, 3),
        TestData.quote(203, T0 + 8 * MS, 2.75, 5, 3.5, 5),
        TestData.quote(201, T0 + 12 * MS, 9.75, 5, 10.0, 5),
        TestData.trade(202, T0 + 30 * MS, 4.9, 1),
        TestData.quote(203, T0 + 30 * MS, 2.75, 5, 3.5, 5),
        TestData.quote(201, T0 + 40 * MS, 9.75, 5, 10.0, 5),
        TestData.trade(201, T0 + 50 * MS, 11.0, 5));
  }

  private static List<OrderIntent> intents(String account) {
    return List.of(
        at(TestData.buy(account, "ev-a", 201, 2, 10.0), T0 + 10 * MS),
        at(TestData.buy(account, "ev-b", 202, 1, 5.0), T0 + 20 * MS),
        // The book crosses it (ask 2.90) only before its activation at +10 ms.
        at(TestData.buy(account, "ev-c", 203, 1, 3.0), T0 + 5 * MS));
  }

  private static OrderIntent at(OrderIntent i, long tsSignal) {
    return OrderIntent.newBuilder(i).setTsSignal(tsSignal).build();
  }

  @Test
  void theSameMarketAndIntentsGiveTheSameFillsWhateverTheInterleaving() throws Exception {
    List<Tuple> marketFirst = run("acct-ev-1", Interleaving.MARKET_FIRST);
    List<Tuple> intentsFirst = run("acct-ev-2", Interleaving.INTENTS_FIRST);
    List<Tuple> around = run("acct-ev-3", Interleaving.MARKET_AROUND_INTENTS);

    // Worked by hand (latency 5 ms, no slippage, fee 1.25 USD a contract): ev-a (BUY 2 @ 10.00,
    // active at +15 ms) meets ask 10.00 x 5 of +12 ms; its target (SELL 2 @ 11.00) fills on the
    // +50 ms print; ev-b (BUY 1 @ 5.00, active at +25 ms) meets ask 5.00 x 3 of +2 ms; ev-c never
    // fills: at +10 ms the ask is 3.50. (Exits carry no signal-to-fill time.)
    String a = io.nqflow.core.ids.Ids.clientOrderId("v1", "ev-a");
    String b = io.nqflow.core.ids.Ids.clientOrderId("v1", "ev-b");
    assertThat(marketFirst)
        .extracting(t -> tuple(t.toList().get(1), t.toList().get(2), t.toList().get(3)))
        .containsExactlyInAnyOrder(
            tuple(a, 2, px(10.0)), tuple(a + "/PT", 2, px(11.0)), tuple(b, 1, px(5.0)));
    assertThat(marketFirst)
        .extracting(t -> tuple(t.toList().get(1), t.toList().get(4), t.toList().get(5)))
        .containsExactlyInAnyOrder(
            tuple(a, T0 + 15 * MS, 5 * MS),
            tuple(a + "/PT", T0 + 50 * MS, null),
            tuple(b, T0 + 25 * MS, 5 * MS));
    assertThat(marketFirst).extracting(t -> t.toList().get(6)).containsOnly(1.25 * 2, 1.25);

    assertThat(intentsFirst).isEqualTo(marketFirst);
    assertThat(around).isEqualTo(marketFirst);
  }

  /** Runs one account's service over the market and intents; its fills sorted by execution id. */
  private List<Tuple> run(String account, Interleaving order) throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, account);
    ExecutionSettings s =
        h.settings.toBuilder()
            .paperClock(PaperClock.EVENT)
            .paperLatency(Duration.ofMillis(5))
            .feePerContractUsd(1.25)
            .build();
    List<MarketEvent> market = market();
    List<OrderIntent> intents = intents(account);
    try (ExecutionService service = new ExecutionService(s, PaperBroker.from(s))) {
      service.start();
      switch (order) {
        case MARKET_FIRST -> {
          h.market(market.toArray(MarketEvent[]::new));
          h.intent(intents.toArray(OrderIntent[]::new));
        }
        case INTENTS_FIRST -> {
          h.intent(intents.toArray(OrderIntent[]::new));
          awaitIntents(service, intents.size());
          h.market(market.toArray(MarketEvent[]::new));
        }
        case MARKET_AROUND_INTENTS -> {
          h.market(market.subList(0, 5).toArray(MarketEvent[]::new));
          h.intent(intents.get(2));
          awaitIntents(service, 1);
          h.market(market.subList(5, market.size()).toArray(MarketEvent[]::new));
          h.intent(intents.subList(0, 2).toArray(OrderIntent[]::new));
        }
      }
      awaitIntents(service, intents.size());
      // The market is held until the input is declared ended: nothing has filled yet.
      assertThat(service.stats().fills()).isZero();
      service.endOfInput();
      service.awaitIdle(WAIT);
      return h.events().stream()
          .filter(e -> e.getPayload() instanceof Fill)
          .sorted(Comparator.comparing(e -> ((Fill) e.getPayload()).getExecutionId()))
          .map(ExecutionEventClockITCase::fill)
          .toList();
    }
  }

  private static void awaitIntents(ExecutionService service, int n) {
    Poll.until(WAIT, n + " intents taken", () -> service.stats().intentsReceived() >= n);
  }

  private static Tuple fill(ExecutionEvent e) {
    Fill f = (Fill) e.getPayload();
    return tuple(
        f.getExecutionId(),
        f.getClientOrderId(),
        f.getQuantity(),
        f.getPrice(),
        e.getTsEvent(),
        f.getSignalToFillNs(),
        f.getFeeUsd());
  }
}
