package io.nqflow.execution.engine;

import static io.nqflow.execution.TestData.px;
import static io.nqflow.execution.engine.EngineRig.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.TradingState;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRejected;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.execution.TestData;
import io.nqflow.execution.engine.OrderEngine.IntentOutcome;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.orders.v1.OrderIntent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order engine driven directly: a testing broker, a real H2 ledger, no Kafka. */
class OrderEngineTest {
  private static final long NQ = 7;

  @TempDir Path dir;

  private static OrderIntent buy(String signal, double limit) {
    return TestData.buy(ACCOUNT, signal, NQ, 1, limit);
  }

  private static OrderIntent sell(String signal, int qty, double limit) {
    return TestData.intent(ACCOUNT, signal, NQ, OrderSide.SELL, qty, limit, 0, 0, true);
  }

  @Test
  void anApprovedIntentIsRecordedThenSentOnceWithItsBracket() {
    try (EngineRig rig = new EngineRig(dir)) {
      OrderIntent intent = buy("s1", 100);
      String coid = intent.getClientOrderId();

      assertThat(rig.engine.onIntent(intent, "orders.approved-0@0")).isEqualTo(IntentOutcome.SENT);

      assertThat(rig.broker.placed).hasSize(1);
      assertThat(rig.broker.placed.get(0).clientOrderId()).isEqualTo(coid);
      assertThat(rig.broker.placed.get(0).stopLossPrice()).isEqualTo(px(99));
      assertThat(rig.broker.placed.get(0).profitTargetPrice()).isEqualTo(px(101));
      LedgerOrder entry = rig.order(coid);
      assertThat(entry.state()).isEqualTo(OrderState.ACCEPTED);
      assertThat(entry.brokerOrderId()).isEqualTo(rig.broker.brokerId(coid));
      LedgerOrder stop = rig.order(coid + "/SL");
      LedgerOrder target = rig.order(coid + "/PT");
      assertThat(stop.role()).isEqualTo(OrderRole.STOP_LOSS);
      assertThat(stop.side()).isEqualTo(OrderSide.SELL);
      assertThat(stop.price()).isEqualTo(px(99));
      assertThat(stop.parentClientOrderId()).isEqualTo(coid);
      assertThat(target.role()).isEqualTo(OrderRole.PROFIT_TARGET);
      assertThat(target.price()).isEqualTo(px(101));
      assertThat(rig.events(OrderAccepted.class))
          .extracting(OrderAccepted::getClientOrderId)
          .containsExactly(coid, coid + "/SL", coid + "/PT");
      assertThat(rig.audits(coid))
          .extracting(AuditEvent::getAction)
          .containsExactly("PENDING_NEW", "SENT", "ACCEPTED");
      assertThat(rig.counters.stats(TradingState.ACTIVE).ordersSent()).isEqualTo(1);
    }
  }

  @Test
  void theSameIntentTwiceReachesTheBrokerOnceEvenAfterARestart() {
    TestingBroker broker = new TestingBroker();
    OrderIntent intent = buy("s1", 100);
    try (EngineRig rig = new EngineRig(dir, broker)) {
      assertThat(rig.engine.onIntent(intent, "orders.approved-0@0")).isEqualTo(IntentOutcome.SENT);
      assertThat(rig.engine.onIntent(intent, "orders.approved-0@1"))
          .isEqualTo(IntentOutcome.DUPLICATE);
    }
    // A new engine on the same ledger, as after a restart that re-reads uncommitted offsets.
    try (EngineRig rig = new EngineRig(dir, broker)) {
      assertThat(rig.engine.onIntent(intent, "orders.approved-0@0"))
          .isEqualTo(IntentOutcome.DUPLICATE);
      assertThat(broker.placed).hasSize(1);
      assertThat(rig.audits(intent.getClientOrderId()))
          .filteredOn(a -> a.getAction().equals("DUPLICATE_REFUSED"))
          .extracting(a -> a.getDetails().get("position"))
          .containsExactly("orders.approved-0@1", "orders.approved-0@0");
      assertThat(rig.counters.stats(TradingState.ACTIVE).duplicateOrdersRefused()).isEqualTo(1);
    }
  }

  @Test
  void aStopFillClosesThePositionAndTheEngineCancelsTheTarget() {
    try (EngineRig rig = new EngineRig(dir)) {
      String coid = buy("s1", 100).getClientOrderId();
      rig.engine.onIntent(buy("s1", 100), "p");

      rig.broker.fill(coid, 1, px(100));
      rig.engine.syncOpenOrders();
      assertThat(rig.engine.position(NQ)).isEqualTo(1);
      assertThat(rig.order(coid).state()).isEqualTo(OrderState.FILLED);
      assertThat(rig.order(coid + "/SL").state()).isEqualTo(OrderState.ACCEPTED);

      rig.broker.fill(coid + "/SL", 1, px(99));
      rig.engine.syncOpenOrders();

      assertThat(rig.engine.position(NQ)).isZero();
      assertThat(rig.order(coid + "/SL").state()).isEqualTo(OrderState.FILLED);
      LedgerOrder target = rig.order(coid + "/PT");
      assertThat(target.state()).isEqualTo(OrderState.CANCELLED);
      assertThat(target.reason())
          .isEqualTo("position flat after STOP_LOSS fill of " + coid + "/SL");
      assertThat(rig.broker.cancelled).containsExactly(target.brokerOrderId());
      assertThat(rig.events(Fill.class))
          .extracting(Fill::getRole, Fill::getPrice)
          .containsExactly(tuple(OrderRole.ENTRY, px(100)), tuple(OrderRole.STOP_LOSS, px(99)));
      // One point lost on one contract at $20, and two fees.
      assertThat(rig.counters.stats(TradingState.ACTIVE).realizedPnlUsd())
          .isEqualTo(-20.0 - 2 * EngineRig.FEE);
    }
  }

  @Test
  void haltCancelsWorkingEntriesAndRefusesNewOnesUntilResume() {
    try (EngineRig rig = new EngineRig(dir)) {
      String working = buy("s1", 100).getClientOrderId();
      rig.engine.onIntent(buy("s1", 100), "p");

      rig.control("c1", ACCOUNT, ControlAction.HALT);

      assertThat(rig.order(working).state()).isEqualTo(OrderState.CANCELLED);
      assertThat(rig.order(working).reason()).isEqualTo("HALT by tester: test HALT");
      assertThat(rig.order(working + "/SL").state()).isEqualTo(OrderState.CANCELLED);
      assertThat(rig.engine.onIntent(buy("s2", 100), "p")).isEqualTo(IntentOutcome.REFUSED);
      assertThat(rig.broker.placed).hasSize(1);
      assertThat(rig.events(OrderRejected.class))
          .extracting(OrderRejected::getReason)
          .containsExactly("HALTED: new entries are refused");

      rig.control("c2", "global", ControlAction.RESUME);

      assertThat(rig.engine.onIntent(buy("s3", 100), "p")).isEqualTo(IntentOutcome.SENT);
      assertThat(rig.broker.placed).hasSize(2);
    }
  }

  @Test
  void aHaltOfOneVariantLeavesTheOthersTrading() {
    try (EngineRig rig = new EngineRig(dir)) {
      rig.control("c1", "v2", ControlAction.HALT);

      assertThat(rig.engine.onIntent(buy("s1", 100), "p")).isEqualTo(IntentOutcome.SENT);
      OrderIntent v2 =
          OrderIntent.newBuilder(buy("s2", 100)).setVariant("v2").setClientOrderId("v2-s2").build();
      assertThat(rig.engine.onIntent(v2, "p")).isEqualTo(IntentOutcome.REFUSED);
      assertThat(rig.control.global()).isEqualTo(TradingState.ACTIVE);
    }
  }

  @Test
  void reduceOnlyAcceptsOnlyExitsThatReduceThePosition() {
    try (EngineRig rig = new EngineRig(dir)) {
      String entry = buy("s1", 100).getClientOrderId();
      rig.engine.onIntent(buy("s1", 100), "p");
      rig.broker.fill(entry, 1, px(100));
      rig.engine.syncOpenOrders();

      rig.control("c1", ACCOUNT, ControlAction.REDUCE_ONLY);

      assertThat(rig.engine.onIntent(buy("s2", 100), "p")).isEqualTo(IntentOutcome.REFUSED);
      assertThat(rig.engine.onIntent(sell("x1", 2, 101), "p")).isEqualTo(IntentOutcome.REFUSED);
      String exit = sell("x2", 1, 101).getClientOrderId();
      assertThat(rig.engine.onIntent(sell("x2", 1, 101), "p")).isEqualTo(IntentOutcome.SENT);
      assertThat(rig.events(OrderRejected.class))
          .extracting(OrderRejected::getReason)
          .containsExactly(
              "REDUCE_ONLY: only reduce-only exits are accepted",
              "reduce-only order of SELL 2 would not reduce position 1");

      rig.broker.fill(exit, 1, px(101));
      rig.engine.syncOpenOrders();

      assertThat(rig.engine.position(NQ)).isZero();
      assertThat(rig.order(exit).role()).isEqualTo(OrderRole.EXIT);
      assertThat(rig.order(entry + "/SL").state()).isEqualTo(OrderState.CANCELLED);
      assertThat(rig.order(entry + "/PT").state()).isEqualTo(OrderState.CANCELLED);
      assertThat(rig.events(OrderCancelled.class)).hasSize(2);
    }
  }

  @Test
  void aMalformedIntentIsRecordedAsRejectedAndNeverSent() {
    try (EngineRig rig = new EngineRig(dir)) {
      // The stop is above the limit of a BUY.
      OrderIntent bad = TestData.intent(ACCOUNT, "s1", NQ, OrderSide.BUY, 0, 100, 101, 102, false);

      assertThat(rig.engine.onIntent(bad, "p")).isEqualTo(IntentOutcome.REFUSED);

      assertThat(rig.broker.placed).isEmpty();
      LedgerOrder o = rig.order(bad.getClientOrderId());
      assertThat(o.state()).isEqualTo(OrderState.REJECTED);
      assertThat(o.reason())
          .startsWith("invalid intent: quantity must be > 0, got 0; bracket must have stop <");
    }
  }

  @Test
  void aBrokerRejectionEndsTheOrder() {
    try (EngineRig rig = new EngineRig(dir)) {
      rig.broker.rejectNext("margin");
      OrderIntent intent = buy("s1", 100);

      rig.engine.onIntent(intent, "p");

      assertThat(rig.order(intent.getClientOrderId()).state()).isEqualTo(OrderState.REJECTED);
      assertThat(rig.order(intent.getClientOrderId()).reason())
          .isEqualTo("broker rejected: margin");
      assertThat(rig.ledger.orders()).hasSize(1);
    }
  }

  @Test
  void anIntentForAnotherAccountIsIgnored() {
    try (EngineRig rig = new EngineRig(dir)) {
      OrderIntent other = TestData.buy("other", "s1", NQ, 1, 100);

      assertThat(rig.engine.onIntent(other, "p")).isEqualTo(IntentOutcome.OTHER_ACCOUNT);

      assertThat(rig.ledger.orders()).isEmpty();
      assertThat(rig.counters.stats(TradingState.ACTIVE).intentsReceived()).isZero();
    }
  }
}
