package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code nqflow control} against a real broker: the command and its audit record, or neither. */
class ControlCliITCase {
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void haltWritesTheCommandAndAnAuditRecordNamingOperatorAndReason() {
    int rc =
        Main.execute(
            "control",
            "halt",
            "--reason",
            "broker outage at 14:02",
            "--operator",
            "alice",
            "--scope",
            "acct-7",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(rc).isZero();
    List<ConsumerRecord<String, ControlCommand>> commands =
        KAFKA
            .client()
            .awaitMatching(
                Topics.CONTROL, v -> v.getReason().equals("broker outage at 14:02"), WAIT);
    assertThat(commands).hasSize(1);
    ControlCommand c = commands.get(0).value();
    assertThat(commands.get(0).key()).isEqualTo("acct-7");
    assertThat(c.getCommand()).isEqualTo(ControlAction.HALT);
    assertThat(c.getOperator()).isEqualTo("alice");
    assertThat(c.getScope()).isEqualTo("acct-7");
    assertThat(c.getTs()).isPositive();

    List<AuditEvent> audits =
        KAFKA
            .client()
            .awaitMatching(Topics.AUDIT, a -> a.getEntityId().equals(c.getCommandId()), WAIT)
            .stream()
            .map(ConsumerRecord::value)
            .toList();
    assertThat(audits).hasSize(1);
    AuditEvent a = audits.get(0);
    assertThat(a.getStage()).isEqualTo("operator");
    assertThat(a.getEntityType()).isEqualTo("control");
    assertThat(a.getAction()).isEqualTo("HALT");
    assertThat(a.getRationale()).isEqualTo("broker outage at 14:02");
    assertThat(a.getDetails())
        .containsEntry("operator", "alice")
        .containsEntry("scope", "acct-7")
        .containsEntry("command", "HALT");
    assertThat(a.getTs()).isEqualTo(c.getTs());
  }

  @Test
  void operatorDefaultsToTheUserAndScopeToGlobal() {
    ControlCli.ReduceOnly cmd = new ControlCli.ReduceOnly();
    cmd.env = Map.of("USER", "bob");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(cmd);
    cli.setOut(new PrintWriter(out));

    int rc =
        cli.execute("--reason", "spread too wide", "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(rc).isZero();
    ControlCommand c =
        KAFKA
            .client()
            .awaitMatching(Topics.CONTROL, v -> v.getReason().equals("spread too wide"), WAIT)
            .get(0)
            .value();
    assertThat(c.getOperator()).isEqualTo("bob");
    assertThat(c.getScope()).isEqualTo("global");
    assertThat(c.getCommand()).isEqualTo(ControlAction.REDUCE_ONLY);
    assertThat(out.toString()).contains(c.getCommandId()).contains("bob");
    assertThat(
            KAFKA
                .client()
                .awaitMatching(Topics.AUDIT, a -> a.getEntityId().equals(c.getCommandId()), WAIT))
        .anySatisfy(a -> assertThat(a.value().getDetails()).containsEntry("operator", "bob"));
  }

  @Test
  void aCommandWithoutReasonIsRefusedAndWritesNothing() {
    int before = KAFKA.client().values(Topics.CONTROL).size();

    int rc =
        Main.execute(
            "control",
            "resume",
            "--operator",
            "carol",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(rc).isNotZero();
    assertThat(KAFKA.client().values(Topics.CONTROL)).hasSize(before);
  }

  @Test
  void withoutOperatorOrUserTheCommandIsRefused() {
    ControlCli.Resume cmd = new ControlCli.Resume();
    cmd.env = Map.of();
    CommandLine cli = new CommandLine(cmd);
    cli.setErr(new PrintWriter(new StringWriter()));

    int rc =
        cli.execute("--reason", "back to normal", "--bootstrap-servers", KAFKA.bootstrapServers());

    assertThat(rc).isNotZero();
    assertThat(KAFKA.client().values(Topics.CONTROL))
        .noneMatch(v -> v.getReason().equals("back to normal"));
  }
}
