package io.nqflow.execution.engine;

import static io.nqflow.execution.TestData.px;
import static io.nqflow.execution.engine.EngineRig.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.TradingState;
import io.nqflow.execution.ReconciliationException;
import io.nqflow.execution.TestData;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.orders.v1.OrderIntent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reconciliation of the ledger with a testing broker, without Kafka. */
class ReconcilerTest {
  private static final long NQ = 7;

  @TempDir Path dir;

  @Test
  void anOrderWhoseAnswerWasLostIsAdoptedNotSentAgain() {
    try (EngineRig rig = new EngineRig(dir)) {
      OrderIntent intent = TestData.buy(ACCOUNT, "s1", NQ, 1, 100);
      rig.broker.loseNextAnswer();

      rig.engine.onIntent(intent, "p");
      assertThat(rig.order(intent.getClientOrderId()).state()).isEqualTo(OrderState.SENT);
      assertThat(rig.engine.takeReconcileRequest()).isTrue();
      assertThat(rig.engine.takeReconcileRequest()).isFalse();

      rig.reconciler.reconcile("test");

      assertThat(rig.broker.placed).hasSize(1);
      assertThat(rig.order(intent.getClientOrderId()).state()).isEqualTo(OrderState.ACCEPTED);
      assertThat(rig.order(intent.getClientOrderId() + "/SL").state())
          .isEqualTo(OrderState.ACCEPTED);
      assertThat(rig.counters.stats(TradingState.ACTIVE).reconciliations()).isEqualTo(1);
    }
  }

  @Test
  void anOrderThatNeverReachedTheBrokerIsSentByReconciliation() {
    try (EngineRig rig = new EngineRig(dir)) {
      OrderIntent intent = TestData.buy(ACCOUNT, "s1", NQ, 1, 100);
      rig.broker.unreachable(true);
      rig.engine.onIntent(intent, "p");
      assertThat(rig.broker.placed).isEmpty();
      rig.broker.unreachable(false);

      rig.reconciler.reconcile("test");

      assertThat(rig.broker.placed).hasSize(1);
      assertThat(rig.order(intent.getClientOrderId()).state()).isEqualTo(OrderState.ACCEPTED);
    }
  }

  @Test
  void fillsMissedWhileAwayAreRecordedAndPositionsAgree() {
    try (EngineRig rig = new EngineRig(dir)) {
      OrderIntent intent = TestData.buy(ACCOUNT, "s1", NQ, 1, 100);
      rig.engine.onIntent(intent, "p");
      rig.broker.fill(intent.getClientOrderId(), 1, px(100));

      rig.reconciler.reconcile("test");

      assertThat(rig.engine.position(NQ)).isEqualTo(1);
      assertThat(rig.order(intent.getClientOrderId()).state()).isEqualTo(OrderState.FILLED);
    }
  }

  @Test
  void aPositionTheLedgerNeverSawRefusesTrading() {
    try (EngineRig rig = new EngineRig(dir)) {
      rig.broker.foreignPosition("NQ-7", 2);

      assertThatThrownBy(() -> rig.reconciler.reconcile("test"))
          .isInstanceOf(ReconciliationException.class)
          .hasMessageContaining("NQ-7: ledger 0, broker 2");
    }
  }

  @Test
  void anOpenOrderTheBrokerLostRefusesTrading() {
    try (EngineRig rig = new EngineRig(dir)) {
      OrderIntent intent = TestData.buy(ACCOUNT, "s1", NQ, 1, 100);
      rig.engine.onIntent(intent, "p");
      rig.broker.forget(rig.broker.brokerId(intent.getClientOrderId()));

      assertThatThrownBy(() -> rig.reconciler.reconcile("test"))
          .isInstanceOf(ReconciliationException.class)
          .hasMessageContaining("unknown to testing");
    }
  }

  @Test
  void anUnreachableBrokerRefusesTrading() {
    try (EngineRig rig = new EngineRig(dir)) {
      rig.broker.unreachable(true);

      assertThatThrownBy(() -> rig.reconciler.reconcile("test"))
          .isInstanceOf(ReconciliationException.class)
          .hasMessageContaining("cannot reconcile with testing");
    }
  }
}
