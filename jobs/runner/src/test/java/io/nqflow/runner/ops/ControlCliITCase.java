package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.security.RecordSigner;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void withKeyIdTheCommandIsSignedWithTheKeyFromTheEnvironmentOrAFile(@TempDir Path dir)
      throws Exception {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String key = HexFormat.of().formatHex(raw);
    RecordSigner<ControlCommand> verifier =
        new RecordSigner<>(ControlCommand.class, key, "ops-dan");

    ControlCli.Resume fromEnv = new ControlCli.Resume();
    fromEnv.env = Map.of("USER", "dan", ControlCli.KEY_ENV, key);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(fromEnv);
    cli.setOut(new PrintWriter(out));
    assertThat(
            cli.execute(
                "--reason",
                "signed from env",
                "--key-id",
                "ops-dan",
                "--bootstrap-servers",
                KAFKA.bootstrapServers()))
        .isZero();
    assertThat(out.toString()).contains("signed with key ops-dan").doesNotContain(key);

    Path file = dir.resolve("operator.key");
    Files.writeString(file, key + "\n");
    assertThat(
            Main.execute(
                "control",
                "resume",
                "--reason",
                "signed from file",
                "--operator",
                "dan",
                "--key-id",
                "ops-dan",
                "--key-file",
                file.toString(),
                "--bootstrap-servers",
                KAFKA.bootstrapServers()))
        .isZero();

    for (String reason : List.of("signed from env", "signed from file")) {
      ControlCommand c =
          KAFKA
              .client()
              .awaitMatching(Topics.CONTROL, v -> v.getReason().equals(reason), WAIT)
              .get(0)
              .value();
      assertThat(c.getKeyId()).isEqualTo("ops-dan");
      assertThat(verifier.verify(c)).as(reason).isTrue();
      assertThat(new RecordSigner<>(ControlCommand.class, key + "x", "ops-dan").verify(c))
          .isFalse();
      assertThat(
              KAFKA
                  .client()
                  .awaitMatching(Topics.AUDIT, a -> a.getEntityId().equals(c.getCommandId()), WAIT))
          .anySatisfy(a -> assertThat(a.value().getDetails()).containsEntry("key_id", "ops-dan"));
    }
  }

  @Test
  void aKeyIdWithoutKeyIsRefusedAndWritesNothing() {
    int before = KAFKA.client().values(Topics.CONTROL).size();
    ControlCli.Resume cmd = new ControlCli.Resume();
    cmd.env = Map.of("USER", "erin");
    CommandLine cli = new CommandLine(cmd);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));

    int rc =
        cli.execute(
            "--reason",
            "no key",
            "--key-id",
            "ops-erin",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains(ControlCli.KEY_ENV);
    assertThat(KAFKA.client().values(Topics.CONTROL)).hasSize(before);
  }
}
