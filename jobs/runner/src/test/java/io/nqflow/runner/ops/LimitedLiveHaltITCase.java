package io.nqflow.runner.ops;

import static io.nqflow.runner.ops.LimitedLiveRig.MINUTE;
import static io.nqflow.runner.ops.LimitedLiveRig.SECOND;
import static io.nqflow.runner.ops.LimitedLiveRig.T0;
import static io.nqflow.runner.ops.LimitedLiveRig.WAIT;
import static io.nqflow.runner.ops.LimitedLiveRig.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limited-live stack (the risk gate on a MiniCluster, the paper execution service filling
 * against md.events): an entry fills, a second contract in the same option is never approved, the
 * position closes at its target, {@code nqflow control halt} cancels the next, still working entry
 * and stops new orders, and after a resume the data spend on ops.costs stops entries at the daily
 * budget.
 */
class LimitedLiveHaltITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final long A = 7;
  private static final long B = 8;

  @TempDir Path tmp;

  @Test
  void neverMoreThanOneContractAndHaltCancelsTheOpenEntryAndStopsNewOrders() throws Exception {
    try (LimitedLiveRig rig = LimitedLiveRig.start(KAFKA, tmp, 0.0)) {
      assertThat(rig.risk.maxContractsPerPosition()).isEqualTo(1);
      rig.define(
          LimitedLiveRig.instrument(A, "NQH5 C21000", 21000),
          LimitedLiveRig.instrument(B, "NQH5 C21100", 21100));
      // B is offered well above what a signal will pay: an entry there keeps working.
      rig.publish(
          rig.add(A, T0, Side.BID, 1, 1.90, 10),
          rig.add(A, T0, Side.ASK, 2, 2.00, 10),
          rig.add(B, T0, Side.BID, 11, 2.30, 10),
          rig.add(B, T0, Side.ASK, 12, 2.70, 10));
      rig.service.awaitIdle(WAIT);

      rig.signal("s1", A, T0 + MINUTE, 1.98, Side.BID);
      OrderIntent s1 = rig.awaitApproved("s1");
      rig.awaitAccepted(s1.getClientOrderId());
      rig.publish(rig.add(A, T0 + MINUTE + SECOND, Side.BID, 3, 1.85, 5));
      assertThat(rig.awaitFill(s1.getClientOrderId()).getPrice()).isEqualTo(px(2.00));

      rig.signal("s2", A, T0 + 2 * MINUTE, 2.00, Side.BID);
      RiskDecision s2 = rig.awaitRejected("s2");
      assertThat(s2.getViolations())
          .extracting(RuleViolation::getRule)
          .as("a second contract in the same option")
          .contains("max_position");

      // A trades at its target (4.00): the target sells, the stop is cancelled with it.
      rig.publish(rig.trade(A, T0 + 3 * MINUTE, 4.00, 2));
      Fill target = rig.awaitFill(s1.getClientOrderId() + "/PT");
      assertThat(target.getPrice()).isEqualTo(px(4.00));
      assertThat(rig.awaitCancelled(s1.getClientOrderId() + "/SL").getReason()).isEqualTo("OCO");
      rig.awaitGate(
          "A closed at its target",
          T0 + 3 * MINUTE + 30 * SECOND,
          f ->
              f.get("contracts_open_or_pending").equals("0")
                  && f.get("realized_usd").equals("40.00"));

      rig.signal("s3", B, T0 + 4 * MINUTE, 2.45, Side.BID);
      OrderIntent s3 = rig.awaitApproved("s3");
      rig.awaitAccepted(s3.getClientOrderId());
      rig.publish(rig.add(B, T0 + 4 * MINUTE + SECOND, Side.BID, 13, 2.35, 5));
      rig.service.awaitIdle(WAIT);
      assertThat(rig.payloads(Fill.class))
          .noneMatch(f -> f.getClientOrderId().startsWith(s3.getClientOrderId()));

      assertThat(run(rig, "halt", "itcase: stop trading")).isZero();
      ControlCommand halt =
          rig.awaitControl(
              "the HALT command on ops.control", c -> c.getReason().equals("itcase: stop trading"));
      OrderCancelled cancelled = rig.awaitCancelled(s3.getClientOrderId());
      assertThat(cancelled.getReason()).contains("HALT").contains("ops-bot");
      for (String leg : new String[] {"/SL", "/PT"}) {
        assertThat(rig.awaitCancelled(s3.getClientOrderId() + leg).getReason())
            .isEqualTo("entry not filled");
      }
      Poll.until(
          WAIT,
          "the service to apply the HALT",
          () -> rig.service.tradingState() == TradingState.HALTED);
      rig.awaitAudit(
          "the gate applies the HALT",
          a -> a.getEntityId().equals(halt.getCommandId()) && a.getStage().equals("risk-gate"));

      rig.signal("s4", A, T0 + 5 * MINUTE, 2.00, Side.BID);
      RiskDecision s4 = rig.awaitRejected("s4");
      assertThat(s4.getViolations()).extracting(RuleViolation::getRule).contains("trading_state");

      // B is now offered at 2.40, inside the cancelled entry's limit: nothing fills.
      rig.publish(
          rig.cancel(B, T0 + 6 * MINUTE, Side.ASK, 12, 2.70, 10),
          rig.add(B, T0 + 6 * MINUTE, Side.ASK, 14, 2.40, 5));
      rig.service.awaitIdle(WAIT);

      assertThat(rig.values(Topics.ORDERS_APPROVED))
          .extracting(OrderIntent::getSignalId)
          .containsExactlyInAnyOrder("s1", "s3");
      assertThat(rig.values(Topics.ORDERS_APPROVED))
          .allSatisfy(o -> assertThat(o.getQuantity()).isEqualTo(1));
      assertThat(rig.payloads(OrderAccepted.class))
          .filteredOn(a -> a.getRole() == OrderRole.ENTRY)
          .extracting(OrderAccepted::getClientOrderId)
          .containsExactlyInAnyOrder(s1.getClientOrderId(), s3.getClientOrderId());
      assertThat(rig.payloads(Fill.class))
          .extracting(Fill::getClientOrderId)
          .containsExactlyInAnyOrder(s1.getClientOrderId(), s1.getClientOrderId() + "/PT");
      assertThat(rig.payloads(PositionSnapshot.class))
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.getQuantity()).isBetween(0, 1));
      assertThat(rig.service.stats().maxAbsPosition()).isEqualTo(1);

      // Trading resumes, then the feed's data spend reaches the $8 daily budget: entries stop.
      assertThat(run(rig, "resume", "itcase: trade again")).isZero();
      ControlCommand resume =
          rig.awaitControl(
              "the RESUME command on ops.control",
              c -> c.getReason().equals("itcase: trade again"));
      rig.awaitAudit(
          "the gate applies the RESUME",
          a -> a.getEntityId().equals(resume.getCommandId()) && a.getStage().equals("risk-gate"));
      rig.cost("cost-1", LimitedLiveRig.TRADING_DAY, 5.00);
      rig.cost("cost-2", LimitedLiveRig.TRADING_DAY, 3.50);
      AuditEvent budget =
          rig.awaitAudit(
              "the daily data budget exhausted",
              a -> a.getAction().equals("DATA_BUDGET_EXHAUSTED"));
      assertThat(budget.getDetails())
          .containsEntry("spent_usd", "8.50")
          .containsEntry("budget_usd", "8.00");
      // The gate has also seen s3's cancellation, so only the budget stands in the way.
      rig.awaitGate(
          "nothing open or pending",
          T0 + 6 * MINUTE + 30 * SECOND,
          f ->
              f.get("contracts_open_or_pending").equals("0")
                  && f.get("pending_orders").equals("0"));
      rig.signal("s5", A, T0 + 7 * MINUTE, 1.98, Side.BID);
      assertThat(rig.awaitRejected("s5").getViolations())
          .extracting(RuleViolation::getRule)
          .containsExactly("data_budget_daily");
    }
  }

  /** {@code nqflow control COMMAND}, signed with the profile's operator key (it requires one). */
  private int run(LimitedLiveRig rig, String command, String reason) throws Exception {
    return Main.execute(
        "control",
        command,
        "--reason",
        reason,
        "--operator",
        "ops-bot",
        "--key-id",
        rig.operatorKeyId(),
        "--key-file",
        rig.operatorKeyFile(tmp).toString(),
        "--bootstrap-servers",
        rig.bootstrap);
  }
}
