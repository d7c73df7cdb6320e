package io.nqflow.runner.ops;

import static io.nqflow.runner.ops.LimitedLiveRig.MINUTE;
import static io.nqflow.runner.ops.LimitedLiveRig.SECOND;
import static io.nqflow.runner.ops.LimitedLiveRig.T0;
import static io.nqflow.runner.ops.LimitedLiveRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.core.security.RecordSigner;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed control commands on the limited-live stack (its profile's keys, random per run; the risk
 * gate on a MiniCluster, the paper execution service): the gate halts by itself on the daily loss
 * and signs that HALT, which the service verifies and applies; an unsigned RESUME from {@code
 * nqflow control} and a tampered signed one change nothing in either (refused, audited,
 * dead-lettered); {@code nqflow control resume --key-id --key-file} resumes both and their audits
 * name the operator's key id.
 */
class LimitedLiveSignedControlITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final long A = 7;

  @TempDir Path tmp;

  private static ExecutionEvent pnl(String account, String id, double realizedUsd, long ts) {
    return ExecutionEvent.newBuilder()
        .setEventId(id)
        .setAccount(account)
        .setBroker("paper")
        .setTsEvent(ts)
        .setPayload(
            PnlSnapshot.newBuilder()
                .setTradingDay(LimitedLiveRig.TRADING_DAY)
                .setRealizedUsd(realizedUsd)
                .setUnrealizedUsd(0.0)
                .setOpenPositions(0)
                .build())
        .build();
  }

  private static AuditEvent refusal(LimitedLiveRig rig, String stage, String commandId) {
    return rig.awaitAudit(
        stage + " refuses " + commandId,
        a ->
            a.getStage().equals(stage)
                && a.getEntityId().equals(commandId)
                && a.getAction().equals("CONTROL_REFUSED"));
  }

  @Test
  void afterTheAutomaticHaltAnUnsignedResumeChangesNothingAndASignedOneResumes() throws Exception {
    try (LimitedLiveRig rig = LimitedLiveRig.start(KAFKA, tmp, 0.0)) {
      String account = rig.risk.account();
      assertThat(rig.exec.control().requireSigned()).isTrue();
      rig.define(LimitedLiveRig.instrument(A, "NQH5 C21000", 21000));
      rig.publish(rig.add(A, T0, Side.BID, 1, 1.90, 10), rig.add(A, T0, Side.ASK, 2, 2.00, 10));
      rig.service.awaitIdle(WAIT);

      // The broker's P&L for the day: -$60, past the $50 limit. The gate halts by itself.
      rig.kafka.produce(
          Topics.EXEC_EVENTS,
          List.of(Map.entry(account, pnl(account, "pnl-loss", -60.0, T0 + MINUTE))));
      ControlCommand auto =
          rig.awaitControl(
              "the gate's automatic HALT", c -> c.getOperator().equals("risk-gate:baseline"));
      assertThat(auto.getKeyId()).isEqualTo("gate-1");
      assertThat(
              new RecordSigner<>(ControlCommand.class, rig.exec.signingKey().reveal(), "gate-1")
                  .verify(auto))
          .as("signed with the gate's key")
          .isTrue();
      Poll.until(
          WAIT,
          "the service to apply the gate's signed HALT",
          () -> rig.service.tradingState() == TradingState.HALTED);

      // An unsigned RESUME: written by the CLI, refused by both consumers.
      assertThat(control(rig, "resume", "unsigned resume", false)).isZero();
      ControlCommand unsigned =
          rig.awaitControl("the unsigned RESUME", c -> c.getReason().equals("unsigned resume"));
      assertThat(unsigned.getSignature()).isNull();
      for (String stage : List.of("risk-gate", "execution")) {
        assertThat(refusal(rig, stage, unsigned.getCommandId()).getDetails())
            .as(stage)
            .containsEntry("refusal", "UNSIGNED")
            .containsEntry("operator", "ops-bot")
            .containsEntry("key_id", "");
      }
      // A signed RESUME changed after signing (another reason): refused as tampered.
      ControlCommand tampered =
          ControlCommand.newBuilder(
                  new RecordSigner<>(
                          ControlCommand.class,
                          rig.exec.control().operatorKeys().get(0).key().reveal(),
                          rig.operatorKeyId())
                      .sign(
                          ControlCommand.newBuilder()
                              .setCommandId("ctl-tampered")
                              .setScope(account)
                              .setCommand(ControlAction.HALT)
                              .setOperator("ops-bot")
                              .setReason("signed as a HALT")
                              .setTs(System.currentTimeMillis() * 1_000_000L)
                              .build()))
              .setCommand(ControlAction.RESUME)
              .build();
      rig.kafka.produce(Topics.CONTROL, List.of(Map.entry(account, tampered)));
      for (String stage : List.of("risk-gate", "execution")) {
        assertThat(refusal(rig, stage, "ctl-tampered").getDetails())
            .as(stage)
            .containsEntry("refusal", "TAMPERED")
            .containsEntry("key_id", rig.operatorKeyId());
      }
      // Nothing changed: the service and the gate are still HALTED.
      rig.service.awaitIdle(WAIT);
      assertThat(rig.service.tradingState()).isEqualTo(TradingState.HALTED);
      rig.awaitGate(
          "still HALTED after the refusals",
          T0 + 2 * MINUTE,
          f -> f.get("trading_state").equals("HALTED"));
      List<String> dead =
          rig.values(Topics.DEAD_LETTERS).stream()
              .filter(d -> d.getSource().equals(Topics.CONTROL.name()))
              .map(DeadLetter::getStage)
              .toList();
      assertThat(dead).contains("risk-gate", "execution").hasSizeGreaterThanOrEqualTo(4);

      // The loss is settled (the broker's P&L back to 0), then the operator resumes with the key.
      rig.kafka.produce(
          Topics.EXEC_EVENTS,
          List.of(Map.entry(account, pnl(account, "pnl-settled", 0.0, T0 + 3 * MINUTE))));
      rig.awaitGate(
          "the day's P&L back to 0",
          T0 + 3 * MINUTE + SECOND,
          f -> f.get("daily_pnl_usd").equals("0.00"));
      assertThat(control(rig, "resume", "signed resume", true)).isZero();
      ControlCommand signed =
          rig.awaitControl("the signed RESUME", c -> c.getReason().equals("signed resume"));
      assertThat(signed.getKeyId()).isEqualTo(rig.operatorKeyId());
      AuditEvent gateResume =
          rig.awaitAudit(
              "the gate applies the signed RESUME",
              a ->
                  a.getStage().equals("risk-gate")
                      && a.getEntityId().equals(signed.getCommandId()));
      assertThat(gateResume.getAction()).isEqualTo("ACTIVE");
      assertThat(gateResume.getDetails())
          .containsEntry("key_id", rig.operatorKeyId())
          .containsEntry("operator", "ops-bot");
      AuditEvent serviceResume =
          rig.awaitAudit(
              "the service applies the signed RESUME",
              a ->
                  a.getStage().equals("execution")
                      && a.getEntityId().equals(signed.getCommandId()));
      assertThat(serviceResume.getAction()).isEqualTo("RESUME");
      assertThat(serviceResume.getDetails()).containsEntry("key_id", rig.operatorKeyId());
      Poll.until(
          WAIT, "the service to resume", () -> rig.service.tradingState() == TradingState.ACTIVE);
      rig.awaitGate("ACTIVE again", T0 + 4 * MINUTE, f -> f.get("trading_state").equals("ACTIVE"));
    }
  }

  private int control(LimitedLiveRig rig, String command, String reason, boolean sign)
      throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "control",
                command,
                "--reason",
                reason,
                "--operator",
                "ops-bot",
                "--bootstrap-servers",
                rig.bootstrap));
    if (sign) {
      args.addAll(
          List.of(
              "--key-id", rig.operatorKeyId(), "--key-file", rig.operatorKeyFile(tmp).toString()));
    }
    return Main.execute(args.toArray(String[]::new));
  }
}
