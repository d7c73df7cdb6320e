package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static io.nqflow.execution.TestData.T0;
import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.nqflow.common.v1.TradingState;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRejected;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.execution.broker.BrokerPosition;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.testing.KafkaExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exits on the paper broker: an exit or a protective leg that closes a position ends the orders
 * that could only sell it again, REDUCE_ONLY lets only real reductions through.
 */
class ExecutionExitsITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  @Test
  void anExitThatClosesThePositionCancelsTheBracketSoTheStopCannotSellAgain() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-exit");
    PaperBroker paper = PaperBroker.from(h.settings);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.market(TestData.quote(105, T0, 9.75, 5, 10.0, 5));
      service.awaitIdle(WAIT);
      OrderIntent entry = TestData.buy(h.account, "sig-exit-entry", 105, 1, 10.0);
      h.intent(entry);
      service.awaitIdle(WAIT);
      assertThat(h.fills()).hasSize(1);

      OrderIntent exit = h.exit("sig-exit", 105, 1, 9.75);
      h.intent(exit);
      service.awaitIdle(WAIT);

      String coid = entry.getClientOrderId();
      assertThat(h.fills())
          .extracting(Fill::getClientOrderId, Fill::getRole, Fill::getPrice)
          .containsExactly(
              tuple(coid, OrderRole.ENTRY, px(10.0)),
              tuple(exit.getClientOrderId(), OrderRole.EXIT, px(9.75)));
      assertThat(h.payloads(OrderCancelled.class))
          .extracting(OrderCancelled::getClientOrderId)
          .containsExactlyInAnyOrder(coid + "/SL", coid + "/PT");
      assertThat(h.payloads(OrderCancelled.class))
          .allSatisfy(
              c ->
                  assertThat(c.getReason())
                      .isEqualTo("position flat after EXIT fill of " + exit.getClientOrderId()));

      // The market falls through the old stop (9.00): nothing is left to sell.
      h.market(
          TestData.quote(105, T0 + 1_000, 8.50, 5, 8.75, 5),
          TestData.trade(105, T0 + 2_000, 8.50, 3));
      service.awaitIdle(WAIT);
      assertThat(h.fills()).hasSize(2);
      assertThat(paper.positions()).isEmpty();
      assertThat(h.payloads(PositionSnapshot.class))
          .last()
          .satisfies(p -> assertThat(p.getQuantity()).isZero());
      assertThat(service.stats().maxAbsPosition()).isEqualTo(1);
    }
  }

  @Test
  void aStopOutLeavesTheBracketOfAnotherEntryThatIsStillWorking() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-two-entries");
    PaperBroker paper = PaperBroker.from(h.settings);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.market(TestData.quote(108, T0, 9.75, 5, 10.0, 1));
      service.awaitIdle(WAIT);
      OrderIntent first = TestData.buy(h.account, "sig-first", 108, 1, 10.0);
      OrderIntent second = TestData.buy(h.account, "sig-second", 108, 1, 9.50);
      h.intent(first, second);
      service.awaitIdle(WAIT);
      assertThat(h.fills())
          .extracting(Fill::getClientOrderId)
          .containsExactly(first.getClientOrderId());

      // The first entry is stopped out (9.00) while the second still waits for 9.50.
      h.market(
          TestData.quote(108, T0 + 1_000, 8.75, 5, 9.75, 5),
          TestData.trade(108, T0 + 2_000, 9.00, 1),
          TestData.quote(108, T0 + 3_000, 9.25, 5, 9.50, 5));
      service.awaitIdle(WAIT);

      assertThat(h.fills())
          .extracting(Fill::getClientOrderId)
          .containsExactly(
              first.getClientOrderId(),
              first.getClientOrderId() + "/SL",
              second.getClientOrderId());
      assertThat(h.payloads(OrderCancelled.class))
          .extracting(OrderCancelled::getClientOrderId)
          .containsExactly(first.getClientOrderId() + "/PT");
      assertThat(paper.positions()).containsExactly(new BrokerPosition("NQ-108", 1));
    }
  }

  @Test
  void reduceOnlyRefusesEntriesAndExitsThatWouldNotReduceButLetsARealExitThrough()
      throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-reduce");
    PaperBroker paper = PaperBroker.from(h.settings);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.market(TestData.quote(106, T0, 9.75, 5, 10.0, 5));
      service.awaitIdle(WAIT);
      OrderIntent entry = TestData.buy(h.account, "sig-ro-entry", 106, 1, 10.0);
      h.intent(entry);
      service.awaitIdle(WAIT);
      assertThat(h.fills()).hasSize(1);

      h.control("cmd-reduce", ControlAction.REDUCE_ONLY);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.REDUCE_ONLY);
      // REDUCE_ONLY cancels nothing: the bracket keeps protecting the position.
      assertThat(h.payloads(OrderCancelled.class)).isEmpty();

      OrderIntent second = TestData.buy(h.account, "sig-ro-second", 106, 1, 10.0);
      OrderIntent tooMuch = h.exit("sig-ro-too-much", 106, 2, 9.75);
      OrderIntent nothingHeld = h.exit("sig-ro-nothing", 107, 1, 9.75);
      h.intent(second, tooMuch, nothingHeld);
      service.awaitIdle(WAIT);
      assertThat(h.payloads(OrderRejected.class))
          .extracting(OrderRejected::getClientOrderId, OrderRejected::getReason)
          .containsExactly(
              tuple(second.getClientOrderId(), "REDUCE_ONLY: only reduce-only exits are accepted"),
              tuple(
                  tooMuch.getClientOrderId(),
                  "reduce-only order of SELL 2 would not reduce position 1"),
              tuple(
                  nothingHeld.getClientOrderId(),
                  "reduce-only order of SELL 1 would not reduce position 0"));

      OrderIntent exit = h.exit("sig-ro-exit", 106, 1, 9.75);
      h.intent(exit);
      service.awaitIdle(WAIT);
      assertThat(h.fills())
          .extracting(Fill::getClientOrderId)
          .containsExactly(entry.getClientOrderId(), exit.getClientOrderId());
      assertThat(paper.positions()).isEmpty();
      assertThat(paper.clientOrderIds())
          .doesNotContain(
              second.getClientOrderId(),
              tooMuch.getClientOrderId(),
              nothingHeld.getClientOrderId());
    }
  }
}
