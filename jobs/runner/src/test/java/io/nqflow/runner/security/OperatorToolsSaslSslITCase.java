package io.nqflow.runner.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.kafka.CapturedLogs;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nqflow control} with a profile whose {@code kafka.security} points at a SASL_SSL broker
 * (passwords in secret files, as in production): the command and its audit record arrive; with a
 * wrong password the command fails instead of hanging; no password reaches a log line.
 */
class OperatorToolsSaslSslITCase {
  @TempDir Path dir;

  @Test
  void controlUsesTheProfilesKafkaSecurity() throws Exception {
    try (CapturedLogs logs = CapturedLogs.open();
        EmbeddedKafka kafka =
            EmbeddedKafka.startSaslSsl(KafkaSecurity.SaslMechanism.SCRAM_SHA_512)) {
      KafkaConfig cfg = kafka.clientConfig();
      KafkaSecurity sec = cfg.security();
      TopicAdmin.ensureTopics(cfg, 1, (short) 1);
      Path password = dir.resolve("kafka-password");
      Path trustPassword = dir.resolve("truststore-password");
      Files.writeString(password, sec.password().reveal());
      Files.writeString(trustPassword, sec.truststorePassword().reveal());
      Path profile = dir.resolve("sasl.yaml");
      Files.writeString(
          profile,
          """
          kafka:
            bootstrap_servers: %s
            security:
              protocol: SASL_SSL
              sasl_mechanism: SCRAM-SHA-512
              username: %s
              password: ${file:%s}
              truststore_path: %s
              truststore_password: ${file:%s}
          """
              .formatted(
                  kafka.bootstrapServers(),
                  sec.username(),
                  password,
                  sec.truststorePath(),
                  trustPassword));

      int rc =
          Main.execute(
              "control",
              "halt",
              "--reason",
              "sasl check",
              "--operator",
              "alice",
              "--scope",
              "acct-sasl",
              "--profile",
              profile.toString());
      assertThat(rc).isZero();
      TopicReader reader = new TopicReader(cfg);
      List<ControlCommand> commands = reader.values(Topics.CONTROL, Duration.ofSeconds(30));
      assertThat(commands)
          .singleElement()
          .satisfies(c -> assertThat(c.getReason()).isEqualTo("sasl check"));
      assertThat(reader.values(Topics.AUDIT, Duration.ofSeconds(30)))
          .extracting(AuditEvent::getAction)
          .containsExactly("HALT");

      byte[] b = new byte[16];
      new SecureRandom().nextBytes(b);
      String wrong = HexFormat.of().formatHex(b);
      Files.writeString(password, wrong);
      long start = System.nanoTime();
      int refused =
          Main.execute(
              "control",
              "halt",
              "--reason",
              "must not arrive",
              "--operator",
              "mallory",
              "--scope",
              "acct-sasl",
              "--profile",
              profile.toString());
      assertThat(refused).isNotZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
      assertThat(reader.values(Topics.CONTROL, Duration.ofSeconds(30))).hasSize(1);

      List<String> lines = logs.lines();
      assertThat(lines).anyMatch(l -> l.contains("sasl.jaas.config"));
      for (String secret :
          List.of(sec.password().reveal(), sec.truststorePassword().reveal(), wrong)) {
        assertThat(lines).noneMatch(l -> l.contains(secret));
      }
    }
  }
}
