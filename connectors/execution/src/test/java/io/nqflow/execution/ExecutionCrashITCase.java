package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static io.nqflow.execution.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.exec.v1.Fill;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.LedgerFill;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kills the service at the dangerous points and checks what a restart makes of it. */
class ExecutionCrashITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  private static void awaitCrash(ExecutionService service) {
    Poll.until(WAIT, "the service to die", () -> service.failure().isPresent());
    assertThat(service.failure().orElseThrow())
        .isInstanceOf(TestingCrashingBroker.SimulatedCrash.class);
  }

  /** Every fill the broker holds for these orders, including bracket legs. */
  private static List<BrokerFill> brokerFills(PaperBroker paper, List<String> coids)
      throws Exception {
    List<BrokerFill> out = new ArrayList<>();
    for (String coid : coids) {
      for (String id : List.of(coid, coid + "/SL", coid + "/PT")) {
        var p = paper.findByClientOrderId(id);
        if (p.isPresent()) {
          out.addAll(paper.fills(p.get().order().brokerOrderId()));
        }
      }
    }
    return out;
  }

  private void crashThenRestart(String account, TestingCrashingBroker.Point point, long instrument)
      throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, account);
    PaperBroker paper = PaperBroker.from(h.settings);
    TestingCrashingBroker broker = new TestingCrashingBroker(paper);
    OrderIntent intent = TestData.buy(h.account, "sig-" + account, instrument, 2, 10.0);
    String coid = intent.getClientOrderId();

    ExecutionService first = new ExecutionService(h.settings, broker);
    first.start();
    h.market(TestData.quote(instrument, T0, 9.75, 5, 10.0, 1));
    first.awaitIdle(WAIT);
    broker.crashAt(point);
    h.intent(intent);
    awaitCrash(first);
    first.close();

    // More of the book shows while the service is down: the broker fills the rest (if it has it).
    paper.onMarketEvent(TestData.quote(instrument, T0 + 10, 9.75, 5, 10.0, 5));

    try (ExecutionService second = new ExecutionService(h.settings, broker)) {
      second.start();
      second.awaitIdle(WAIT);
      h.market(TestData.quote(instrument, T0 + 20, 9.75, 5, 10.0, 5));
      second.awaitIdle(WAIT);

      assertThat(paper.clientOrderIds()).containsExactly(coid, coid + "/SL", coid + "/PT");
      List<BrokerFill> atBroker = brokerFills(paper, List.of(coid));
      assertThat(atBroker).isNotEmpty();
      assertThat(atBroker.stream().mapToInt(BrokerFill::quantity).sum()).isEqualTo(2);
      // The redelivered intent was refused, not sent again.
      assertThat(second.stats().duplicateOrdersRefused()).isEqualTo(1);
      try (Ledger ledger = h.ledger()) {
        assertThat(ledger.fills())
            .extracting(LedgerFill::executionId)
            .containsExactlyInAnyOrderElementsOf(
                atBroker.stream().map(BrokerFill::executionId).toList());
        assertThat(ledger.order(coid).orElseThrow().state()).isEqualTo(OrderState.FILLED);
      }
      List<Fill> events = h.fills();
      assertThat(events)
          .extracting(Fill::getExecutionId)
          .doesNotHaveDuplicates()
          .hasSize(atBroker.size());
    }
  }

  @Test
  void killedBetweenLedgerWriteAndBrokerAcknowledgement() throws Exception {
    crashThenRestart("acct-crash-before", TestingCrashingBroker.Point.BEFORE_PLACE, 201);
  }

  @Test
  void killedBetweenBrokerAcknowledgementAndLedgerUpdate() throws Exception {
    crashThenRestart("acct-crash-after", TestingCrashingBroker.Point.AFTER_PLACE, 202);
  }

  @Test
  void killedBetweenBrokerFillAndLedgerFill() throws Exception {
    crashThenRestart("acct-crash-fill", TestingCrashingBroker.Point.AFTER_FILLS, 203);
  }

  @Test
  void refusesToTradeWhenTheBrokerCannotBeReconciled() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-recon");
    PaperBroker paper = PaperBroker.from(h.settings);
    TestingCrashingBroker broker = new TestingCrashingBroker(paper);
    ExecutionService first = new ExecutionService(h.settings, broker);
    first.start();
    broker.crashAt(TestingCrashingBroker.Point.BEFORE_PLACE);
    OrderIntent intent = TestData.buy(h.account, "sig-recon", 204, 1, 10.0);
    h.intent(intent);
    awaitCrash(first);
    first.close();

    broker.unreachable(true);
    ExecutionService second = new ExecutionService(h.settings, broker);
    assertThatThrownBy(second::start)
        .isInstanceOf(ReconciliationException.class)
        .hasMessageContaining("cannot reconcile with paper")
        .hasMessageContaining("connection refused");
    assertThat(second.failure()).isPresent();
    assertThatThrownBy(() -> second.awaitIdle(WAIT)).isInstanceOf(IllegalStateException.class);
    second.close();
    assertThat(paper.clientOrderIds()).isEmpty();
  }

  @Test
  void refusesToTradeWhenTheBrokerHasLostAnOpenOrder() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-lost");
    try (ExecutionService first = new ExecutionService(h.settings, PaperBroker.from(h.settings))) {
      first.start();
      h.market(TestData.quote(205, T0, 9.75, 5, 10.0, 1));
      h.intent(TestData.buy(h.account, "sig-lost", 205, 1, 10.0));
      first.awaitIdle(WAIT);
      assertThat(first.stats().fills()).isEqualTo(1);
    }
    // A fresh paper broker knows none of the ledger's orders or positions.
    ExecutionService second = new ExecutionService(h.settings, PaperBroker.from(h.settings));
    assertThatThrownBy(second::start)
        .isInstanceOf(ReconciliationException.class)
        .hasMessageContaining("unknown to paper");
    second.close();
  }

  @Test
  void reconcilesPeriodicallyAndStopsTradingWhenTheBrokerDisagrees() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-periodic", Duration.ofMillis(50));
    PaperBroker paper = PaperBroker.from(h.settings);
    TestingCrashingBroker broker = new TestingCrashingBroker(paper);
    try (ExecutionService service = new ExecutionService(h.settings, broker)) {
      service.start();
      h.market(TestData.quote(206, T0, 9.75, 5, 10.0, 5));
      h.intent(TestData.buy(h.account, "sig-periodic", 206, 1, 10.0));
      service.awaitIdle(WAIT);
      long before = service.stats().reconciliations();
      Poll.until(
          WAIT,
          "three periodic reconciliations",
          () -> service.stats().reconciliations() >= before + 3);
      assertThat(service.failure()).isEmpty();

      // Someone trades the account by hand: the next periodic reconciliation finds it.
      broker.foreignPosition("NQ-999", 2);
      Poll.until(WAIT, "the service to stop", () -> service.failure().isPresent());
      assertThat(service.failure().get())
          .isInstanceOf(ReconciliationException.class)
          .hasMessageContaining("positions differ between ledger and paper")
          .hasMessageContaining("NQ-999: ledger 0, broker 2");
      assertThatThrownBy(() -> service.awaitIdle(WAIT)).isInstanceOf(IllegalStateException.class);

      OrderIntent after = TestData.buy(h.account, "sig-after-mismatch", 206, 1, 10.0);
      h.intent(after);
      assertThat(paper.clientOrderIds()).doesNotContain(after.getClientOrderId());
    }
  }
}
