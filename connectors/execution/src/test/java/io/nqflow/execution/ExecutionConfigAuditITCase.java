package io.nqflow.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.audit.ConfigDiff;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every start of the execution service records its configuration on ops.audit: the second start
 * names exactly the changed setting and the rotated secret, and no secret value reaches any topic.
 */
class ExecutionConfigAuditITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path dir;

  @Test
  void eachStartRecordsItsConfigurationAndTheChangedKeys() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-cfg");
    String key1 = randomKey();
    String key2 = randomKey();
    ExecutionSettings first = h.settings.withSigningKey(key1, "gate-1");
    ExecutionSettings second =
        first.toBuilder().paperSlippageTicks(2).signingKey(key2, "gate-1").build();

    for (ExecutionSettings s : List.of(first, second, second)) {
      try (ExecutionService service = new ExecutionService(s, PaperBroker.from(s))) {
        service.start();
      }
    }

    List<AuditEvent> starts =
        h.kafka.values(Topics.AUDIT).stream()
            .filter(e -> e.getAction().equals("CONFIG_APPLIED"))
            .filter(e -> e.getEntityId().equals("execution/acct-cfg"))
            .toList();
    assertThat(starts).hasSize(3);
    AuditEvent a = starts.get(0);
    AuditEvent b = starts.get(1);
    AuditEvent c = starts.get(2);
    assertThat(a.getStage()).isEqualTo("execution");
    assertThat(a.getEntityType()).isEqualTo("config");
    assertThat(a.getDetails())
        .containsEntry(AuditDetails.CONFIG_DIFF, "initial")
        .containsEntry(AuditDetails.COMPONENT, "execution")
        .containsEntry(AuditDetails.INSTANCE, "acct-cfg");
    assertThat(a.getDetails().get(AuditDetails.CONFIG))
        .contains("execution.paper.slippage_ticks=0\n")
        .containsPattern("execution\\.signing_key=\\*\\*\\*\\*#[0-9a-f]{8}\n")
        .contains("execution.signing_key_id=gate-1\n")
        .contains("execution.ledger_password=<empty>\n");

    // exactly the changed setting and the rotated secret, old -> new
    String diff = b.getDetails().get(AuditDetails.CONFIG_DIFF);
    assertThat(ConfigDiff.keys(diff))
        .containsExactly("execution.paper.slippage_ticks", "execution.signing_key");
    assertThat(diff).contains("~ execution.paper.slippage_ticks: 0 -> 2\n");
    assertThat(diff)
        .containsPattern("~ execution\\.signing_key: \\*{4}#[0-9a-f]{8} -> \\*{4}#[0-9a-f]{8}\n");
    assertThat(b.getDetails())
        .containsEntry(
            AuditDetails.PREVIOUS_CONFIG_DIGEST, a.getDetails().get(AuditDetails.CONFIG_DIGEST))
        .containsEntry(AuditDetails.PREVIOUS_CONFIG_TS, Long.toString(a.getTs()));
    assertThat(b.getDetails().get(AuditDetails.CONFIG_DIGEST))
        .isNotEqualTo(a.getDetails().get(AuditDetails.CONFIG_DIGEST));

    // the same settings again: unchanged, same digest (the secret's fingerprint is stable)
    assertThat(c.getDetails())
        .containsEntry(AuditDetails.CONFIG_DIFF, "unchanged")
        .containsEntry(AuditDetails.CONFIG_DIGEST, b.getDetails().get(AuditDetails.CONFIG_DIGEST));

    // neither key appears anywhere in any topic: keys, values, headers
    List<byte[]> raw = rawBytesOfEveryTopic(KAFKA.bootstrapServers());
    assertThat(raw).isNotEmpty();
    // self-check: the scanner finds what is there
    assertThat(occurrences(raw, "execution.paper.slippage_ticks")).isGreaterThan(0);
    assertThat(occurrences(raw, key1)).isZero();
    assertThat(occurrences(raw, key2)).isZero();
  }

  private static String randomKey() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return "k" + HexFormat.of().formatHex(b);
  }

  private static long occurrences(List<byte[]> chunks, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    long hits = 0;
    for (byte[] hay : chunks) {
      outer:
      for (int i = 0; i + n.length <= hay.length; i++) {
        for (int j = 0; j < n.length; j++) {
          if (hay[i + j] != n[j]) {
            continue outer;
          }
        }
        hits++;
      }
    }
    return hits;
  }

  /** Keys, values and header values of every record of every topic, internal ones included. */
  private static List<byte[]> rawBytesOfEveryTopic(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, "false");
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .listTopics(Duration.ofSeconds(30))
          .forEach(
              (t, infos) -> infos.forEach(i -> parts.add(new TopicPartition(t, i.partition()))));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime())
            .as("scan reached every topic's end in time")
            .isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null) {
            out.add(r.key());
          }
          if (r.value() != null) {
            out.add(r.value());
          }
          for (Header hd : r.headers()) {
            if (hd.value() != null) {
              out.add(hd.value());
            }
          }
        }
      }
    }
    return out;
  }
}
