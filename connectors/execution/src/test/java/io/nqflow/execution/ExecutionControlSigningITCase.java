package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.config.ControlConfig;
import io.nqflow.core.config.Secret;
import io.nqflow.core.security.IntentSigner;
import io.nqflow.core.security.RecordSigner;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import io.prometheus.client.CollectorRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed control commands at the execution service: after the risk gate's automatic HALT an
 * unsigned RESUME changes nothing; an operator-signed one resumes and the audit names its key id.
 */
class ExecutionControlSigningITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String GATE_KEY = randomKey();
  private static final String OPS_KEY = randomKey();
  private static final RecordSigner<ControlCommand> GATE =
      new RecordSigner<>(ControlCommand.class, GATE_KEY, "gate-1");
  private static final RecordSigner<ControlCommand> ALICE =
      new RecordSigner<>(ControlCommand.class, OPS_KEY, "ops-alice");

  @TempDir Path dir;

  private static String randomKey() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static ExecutionSettings settings(ServiceHarness h, boolean requireSigned) {
    ControlConfig control =
        new ControlConfig(
            requireSigned, List.of(new ControlConfig.OperatorKey("ops-alice", Secret.of(OPS_KEY))));
    return h.settings.withSigningKey(GATE_KEY, "gate-1").withControl(control);
  }

  private static ControlCommand command(
      String id, String account, ControlAction a, String operator, long ts) {
    return ControlCommand.newBuilder()
        .setCommandId(id)
        .setScope(account)
        .setCommand(a)
        .setOperator(operator)
        .setReason("test " + a)
        .setTs(ts)
        .build();
  }

  private static void publish(ServiceHarness h, ControlCommand... commands) {
    for (ControlCommand c : commands) {
      h.kafka.produce(Topics.CONTROL, List.of(Map.entry(c.getScope(), c)));
    }
  }

  private static double refusedMetric(CollectorRegistry r, String account) {
    Double v =
        r.getSampleValue(
            "nqflow_execution_controls_refused_total",
            new String[] {"account", "broker"},
            new String[] {account, "paper"});
    return v == null ? 0 : v;
  }

  private static List<ControlCommand> controlDeadLetters(ServiceHarness h) {
    return h.kafka.values(Topics.DEAD_LETTERS).stream()
        .filter(d -> d.getSource().equals(Topics.CONTROL.name()))
        .filter(d -> d.getReason().contains("refused"))
        .map(d -> Topics.CONTROL.deserializeValue(d.getRaw().array()))
        .filter(c -> c.getScope().equals(h.account))
        .toList();
  }

  @Test
  void afterAnAutomaticHaltOnlyASignedResumeResumes() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-ctl-auto");
    ExecutionSettings settings = settings(h, false);
    PaperBroker paper = PaperBroker.from(settings);
    CollectorRegistry registry = new CollectorRegistry();
    long t = System.currentTimeMillis() * 1_000_000L;
    ControlCommand autoHalt =
        GATE.sign(command("ctl-auto", h.account, ControlAction.HALT, "risk-gate:test", t));
    ControlCommand unsignedResume =
        command("ctl-unsigned", h.account, ControlAction.RESUME, "mallory", t + 1);
    ControlCommand tampered =
        ControlCommand.newBuilder(
                ALICE.sign(command("ctl-tampered", h.account, ControlAction.HALT, "alice", t + 2)))
            .setCommand(ControlAction.RESUME)
            .build();
    ControlCommand signedResume =
        ALICE.sign(command("ctl-signed", h.account, ControlAction.RESUME, "alice", t + 3));
    OrderIntent whileHalted =
        new IntentSigner(GATE_KEY, "gate-1")
            .sign(TestData.buy(h.account, "ctl-during-halt", 301, 1, 10.0));

    try (ExecutionService service = new ExecutionService(settings, paper, registry)) {
      service.start();
      publish(h, autoHalt);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.HALTED);

      publish(h, unsignedResume, tampered);
      h.intent(whileHalted);
      service.awaitIdle(WAIT);
      // an unsigned RESUME changes nothing: still HALTED, the next entry is refused
      assertThat(service.tradingState()).isEqualTo(TradingState.HALTED);
      assertThat(paper.clientOrderIds()).isEmpty();
      assertThat(refusedMetric(registry, h.account)).isEqualTo(2.0);

      publish(h, signedResume);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.ACTIVE);
    }

    assertThat(h.audits("ctl-auto"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("HALT");
              assertThat(a.getDetails()).containsEntry("key_id", "gate-1");
            });
    assertThat(h.audits("ctl-unsigned"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("CONTROL_REFUSED");
              assertThat(a.getDetails())
                  .containsEntry("refusal", "UNSIGNED_AFTER_AUTOMATIC_HALT")
                  .containsEntry("key_id", "")
                  .containsEntry("operator", "mallory");
              assertThat(a.getRationale()).contains("automatic HALT").contains("HALTED");
            });
    assertThat(h.audits("ctl-tampered"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("CONTROL_REFUSED");
              assertThat(a.getDetails())
                  .containsEntry("refusal", "TAMPERED")
                  .containsEntry("key_id", "ops-alice");
            });
    assertThat(h.audits("ctl-signed"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("RESUME");
              assertThat(a.getDetails())
                  .containsEntry("key_id", "ops-alice")
                  .containsEntry("operator", "alice")
                  .containsEntry("state", "ACTIVE");
            });
    // each refused command is dead-lettered as it was read
    assertThat(controlDeadLetters(h)).containsExactlyInAnyOrder(unsignedResume, tampered);

    // a restart replays ops.control with the same rule: the refused commands stay refused
    CollectorRegistry again = new CollectorRegistry();
    try (ExecutionService service = new ExecutionService(settings, paper, again)) {
      service.start();
      assertThat(service.tradingState()).isEqualTo(TradingState.ACTIVE);
      assertThat(refusedMetric(again, h.account)).isZero();
    }
  }

  @Test
  void withRequireSignedEveryUnsignedOrForeignCommandIsRefused() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-ctl-req");
    ExecutionSettings settings = settings(h, true);
    PaperBroker paper = PaperBroker.from(settings);
    long t = System.currentTimeMillis() * 1_000_000L;
    ControlCommand unsignedHalt =
        command("ctl-r-unsigned", h.account, ControlAction.HALT, "bob", t);
    RecordSigner<ControlCommand> stranger =
        new RecordSigner<>(ControlCommand.class, randomKey(), "ops-eve");
    ControlCommand unknownKey =
        stranger.sign(command("ctl-r-unknown", h.account, ControlAction.HALT, "eve", t + 1));
    ControlCommand gateResume =
        GATE.sign(
            command("ctl-r-gate", h.account, ControlAction.REDUCE_ONLY, "risk-gate:x", t + 2));
    ControlCommand signedHalt =
        ALICE.sign(command("ctl-r-signed", h.account, ControlAction.HALT, "alice", t + 3));

    try (ExecutionService service = new ExecutionService(settings, paper)) {
      service.start();
      publish(h, unsignedHalt, unknownKey, gateResume);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.ACTIVE);
      assertThat(service.stats().deadLetters()).isEqualTo(3);
      assertThat(controlDeadLetters(h)).hasSize(3);

      publish(h, signedHalt);
      service.awaitIdle(WAIT);
      assertThat(service.tradingState()).isEqualTo(TradingState.HALTED);
    }
    assertThat(h.audits("ctl-r-unsigned").get(0).getDetails()).containsEntry("refusal", "UNSIGNED");
    assertThat(h.audits("ctl-r-unknown").get(0).getDetails())
        .containsEntry("refusal", "UNKNOWN_KEY")
        .containsEntry("key_id", "ops-eve");
    assertThat(h.audits("ctl-r-gate").get(0).getRationale()).contains("signs only HALT");
    assertThat(h.audits("ctl-r-signed")).extracting(AuditEvent::getAction).containsExactly("HALT");
  }
}
