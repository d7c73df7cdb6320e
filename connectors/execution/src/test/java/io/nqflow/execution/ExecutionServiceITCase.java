package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static io.nqflow.execution.TestData.T0;
import static io.nqflow.execution.TestData.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.TradingState;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRejected;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ExecutionServiceITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  @Test
  void approvedIntentBecomesOrdersFillsPositionsAndPnl() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-flow");
    PaperBroker paper = PaperBroker.from(h.settings);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.market(TestData.quote(101, T0, 9.75, 5, 10.0, 1));
      service.awaitIdle(WAIT);

      OrderIntent intent = TestData.buy(h.account, "sig-flow", 101, 2, 10.0);
      h.intent(intent);
      service.awaitIdle(WAIT);
      h.market(TestData.quote(101, T0 + 1_000, 9.75, 5, 10.0, 5));
      service.awaitIdle(WAIT);

      assertThat(h.accepted())
          .extracting(a -> a.getRole())
          .containsExactlyInAnyOrder(OrderRole.ENTRY, OrderRole.STOP_LOSS, OrderRole.PROFIT_TARGET);
      assertThat(h.fills()).hasSize(2);
      Fill first = h.fills().get(0);
      assertThat(first.getClientOrderId()).isEqualTo(intent.getClientOrderId());
      assertThat(first.getSignalPrice()).isEqualTo(px(10.0));
      assertThat(first.getSlippageUsd()).isZero();
      assertThat(first.getSignalToFillNs()).isEqualTo(0L);
      assertThat(h.fills().get(1).getSignalToFillNs()).isEqualTo(1_000L);
      assertThat(h.payloads(PositionSnapshot.class))
          .last()
          .satisfies(
              p -> {
                assertThat(p.getQuantity()).isEqualTo(2);
                assertThat(p.getAvgPrice()).isEqualTo(px(10.0));
              });

      // The target (11.00) fills on a print and closes the position.
      h.market(TestData.trade(101, T0 + 2_000, 11.0, 5));
      service.awaitIdle(WAIT);

      assertThat(h.payloads(PositionSnapshot.class))
          .last()
          .satisfies(p -> assertThat(p.getQuantity()).isZero());
      PnlSnapshot pnl = h.payloads(PnlSnapshot.class).get(h.payloads(PnlSnapshot.class).size() - 1);
      assertThat(pnl.getRealizedUsd()).isCloseTo(40.0, within(1e-9));
      assertThat(h.payloads(OrderCancelled.class))
          .singleElement()
          .satisfies(c -> assertThat(c.getClientOrderId()).endsWith("/SL"));

      ExecutionStats stats = service.stats();
      assertThat(stats.ordersSent()).isEqualTo(1);
      assertThat(stats.fills()).isEqualTo(3);
      assertThat(stats.maxAbsPosition()).isEqualTo(2);
      assertThat(stats.realizedPnlUsd()).isCloseTo(40.0, within(1e-9));
      assertThat(stats.duplicateOrdersRefused()).isZero();

      assertThat(h.audits(intent.getClientOrderId()))
          .extracting(AuditEvent::getAction)
          .contains("PENDING_NEW", "SENT", "ACCEPTED", "PARTIALLY_FILLED", "FILLED");
      // Event ids are deterministic and unique.
      assertThat(h.events()).extracting(e -> e.getEventId()).doesNotHaveDuplicates();
    }
  }

  @Test
  void theSameIntentDeliveredTwiceYieldsOneBrokerOrderAcrossRestarts() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-dup");
    PaperBroker paper = PaperBroker.from(h.settings);
    OrderIntent intent = TestData.buy(h.account, "sig-dup", 102, 1, 10.0);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.intent(intent, intent);
      service.awaitIdle(WAIT);
      assertThat(service.stats().duplicateOrdersRefused()).isEqualTo(1);
      assertThat(service.stats().ordersSent()).isEqualTo(1);
    }
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.intent(intent);
      service.awaitIdle(WAIT);
      assertThat(service.stats().duplicateOrdersRefused()).isEqualTo(1);
      assertThat(service.stats().ordersSent()).isZero();
    }
    String coid = intent.getClientOrderId();
    assertThat(paper.clientOrderIds()).containsExactly(coid, coid + "/SL", coid + "/PT");
    assertThat(h.accepted()).filteredOn(a -> a.getClientOrderId().equals(coid)).hasSize(1);
    assertThat(h.audits(coid)).extracting(AuditEvent::getAction).contains("DUPLICATE_REFUSED");
  }

  @Test
  void haltCancelsOpenOrdersAndRefusesNewEntriesUntilResume() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-halt");
    PaperBroker paper = PaperBroker.from(h.settings);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      h.market(TestData.quote(103, T0, 9.75, 5, 10.50, 5));
      OrderIntent resting = TestData.buy(h.account, "sig-rest", 103, 1, 10.0);
      h.intent(resting);
      service.awaitIdle(WAIT);
      assertThat(h.accepted()).hasSize(3);

      h.control("cmd-halt", ControlAction.HALT);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.HALTED);
      assertThat(h.payloads(OrderCancelled.class))
          .filteredOn(c -> c.getClientOrderId().equals(resting.getClientOrderId()))
          .singleElement()
          .satisfies(c -> assertThat(c.getReason()).contains("HALT").contains("tester"));
      // Its bracket ends with it, recorded at once (no market event has arrived since).
      assertThat(h.payloads(OrderCancelled.class))
          .extracting(OrderCancelled::getClientOrderId, OrderCancelled::getReason)
          .contains(
              org.assertj.core.groups.Tuple.tuple(
                  resting.getClientOrderId() + "/SL", "entry not filled"),
              org.assertj.core.groups.Tuple.tuple(
                  resting.getClientOrderId() + "/PT", "entry not filled"));

      OrderIntent refused = TestData.buy(h.account, "sig-refused", 103, 1, 10.0);
      h.intent(refused);
      service.awaitIdle(WAIT);
      assertThat(h.payloads(OrderRejected.class))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getClientOrderId()).isEqualTo(refused.getClientOrderId());
                assertThat(r.getReason()).startsWith("HALTED");
              });
      assertThat(paper.clientOrderIds()).doesNotContain(refused.getClientOrderId());

      h.control("cmd-resume", ControlAction.RESUME);
      OrderIntent after = TestData.buy(h.account, "sig-after", 103, 1, 10.0);
      h.intent(after);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.ACTIVE);
      assertThat(paper.clientOrderIds()).contains(after.getClientOrderId());
      assertThat(h.audits("cmd-halt")).extracting(AuditEvent::getAction).containsExactly("HALT");
    }
  }

  @Test
  void undecodableInputGoesToTheDeadLetterTopicAndTheServiceGoesOn() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-dlq");
    PaperBroker paper = PaperBroker.from(h.settings);
    try (ExecutionService service = new ExecutionService(h.settings, paper)) {
      service.start();
      byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
      h.kafka.produceRaw(Topics.ORDERS_APPROVED.name(), null, garbage);
      OrderIntent good = TestData.buy(h.account, "sig-good", 104, 1, 10.0);
      h.intent(good);
      service.awaitIdle(WAIT);

      assertThat(service.stats().deadLetters()).isGreaterThanOrEqualTo(1);
      assertThat(h.kafka.values(Topics.DEAD_LETTERS))
          .filteredOn(d -> d.getSource().equals(Topics.ORDERS_APPROVED.name()))
          .anySatisfy(
              (DeadLetter d) -> {
                assertThat(d.getRaw().array()).isEqualTo(garbage);
                assertThat(d.getReason()).contains("orders.approved").contains("@");
              });
      assertThat(paper.clientOrderIds()).contains(good.getClientOrderId());
    }
  }
}
