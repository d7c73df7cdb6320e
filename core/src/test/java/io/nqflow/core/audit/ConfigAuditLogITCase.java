package io.nqflow.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The previous start is found by reading one partition of ops.audit backwards, within a bound. */
class ConfigAuditLogITCase {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(0);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
  }

  @AfterAll
  static void stop() throws Exception {
    kafka.close();
  }

  @Test
  void findsThePreviousStartBehindOtherRecordsAndSaysWhenTheBoundHidesIt() throws Exception {
    String instance = "i-" + UUID.randomUUID().toString().substring(0, 8);
    ConfigAuditLog log = ConfigAuditLog.forKafka(KafkaConfig.plaintext(kafka.bootstrapServers()));
    AuditEvent first = log.apply("svc", instance, fp -> snapshot(fp, "1"), Map.of());
    assertThat(first.getDetails()).containsEntry(AuditDetails.CONFIG_DIFF, "initial");

    // 1,200 other records of the same key (same partition) after the first start: three chunks
    try (KafkaProducer<String, AuditEvent> p = producer()) {
      for (int i = 0; i < 1_200; i++) {
        AuditEvent other =
            AuditEvent.newBuilder(first)
                .setAction("NOTE")
                .setEntityType("note")
                .setAuditId("note-" + i)
                .build();
        p.send(new ProducerRecord<>(Topics.AUDIT.name(), "svc/" + instance, other));
      }
      p.flush();
    }

    AuditEvent second = log.apply("svc", instance, fp -> snapshot(fp, "2"), Map.of());
    assertThat(second.getDetails())
        .containsEntry(AuditDetails.CONFIG_DIFF, "~ a.setting: 1 -> 2\n")
        .containsEntry(
            AuditDetails.PREVIOUS_CONFIG_DIGEST, first.getDetails().get(AuditDetails.CONFIG_DIGEST))
        .containsEntry(AuditDetails.PREVIOUS_CONFIG_TS, Long.toString(first.getTs()))
        .containsEntry(AuditDetails.CONFIG_SALT, first.getDetails().get(AuditDetails.CONFIG_SALT));

    // the second start is the newest: found at once; more other records hide it from a small bound
    try (KafkaProducer<String, AuditEvent> p = producer()) {
      for (int i = 0; i < 300; i++) {
        p.send(
            new ProducerRecord<>(
                Topics.AUDIT.name(),
                "svc/" + instance,
                AuditEvent.newBuilder(first).setAction("NOTE").setAuditId("n2-" + i).build()));
      }
      p.flush();
    }
    Properties client = new Properties();
    client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    ConfigAuditLog bounded = new ConfigAuditLog(client, 100, Clock.systemUTC());
    assertThat(bounded.previous("svc", instance)).isEmpty();
    AuditEvent third = bounded.apply("svc", instance, fp -> snapshot(fp, "2"), Map.of());
    assertThat(third.getDetails().get(AuditDetails.CONFIG_DIFF))
        .startsWith("unknown: no earlier record of svc/" + instance + " in the newest 100 records");
    assertThat(log.previous("svc", instance)).contains(third);
    // another instance has no history
    assertThat(log.previous("svc", instance + "-other")).isEmpty();
  }

  private static ConfigSnapshot snapshot(SecretFingerprint fp, String value) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("a.setting", value);
    return new ConfigSnapshot(m, fp.saltHex());
  }

  private static KafkaProducer<String, AuditEvent> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(
        p, TopicSerdes.keySerializer(Topics.AUDIT), TopicSerdes.valueSerializer(Topics.AUDIT));
  }
}
