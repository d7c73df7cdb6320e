package io.nqflow.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.config.Secret;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients built from {@code kafka.security} settings against a broker whose client listener accepts
 * only SCRAM-SHA-512 over TLS: they round-trip records; a wrong password and a PLAINTEXT client are
 * refused quickly; no password reaches a log line.
 */
class SaslSslKafkaITCase {
  private static CapturedLogs logs;
  private static EmbeddedKafka kafka;
  private static final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    logs = CapturedLogs.open();
    kafka = EmbeddedKafka.startSaslSsl(KafkaSecurity.SaslMechanism.SCRAM_SHA_512);
    secrets.addAll(kafka.generatedPasswords());
  }

  @AfterAll
  static void stopBrokerAndCheckLogs() throws Exception {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      logs.close();
    }
    List<String> lines = logs.lines();
    // the capture saw the clients' configuration dumps, so the check below looks where a leak would
    // be
    assertThat(lines).anyMatch(l -> l.contains("sasl.jaas.config"));
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(3);
    for (String secret : secrets) {
      assertThat(lines).noneMatch(l -> l.contains(secret));
    }
  }

  @Test
  void producerConsumerAndAdminFromTheSettingsRoundTripRecords() throws Exception {
    KafkaConfig cfg = kafka.clientConfig();
    assertThat(cfg.security().protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_SSL);
    assertThat(cfg.clientProperties().getProperty("security.protocol")).isEqualTo("SASL_SSL");

    List<String> created = TopicAdmin.ensureTopics(cfg, 1, (short) 1);
    assertThat(created).hasSize(Topics.ALL.size());
    String topic = "sasl-roundtrip";
    try (Admin admin = Admin.create(cfg.clientProperties())) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            cfg.clientProperties(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
        producer
            .send(new ProducerRecord<>(Topics.CONTROL.name(), "c" + i, "not a command"))
            .get(30, TimeUnit.SECONDS);
      }
    }

    Properties cp = cfg.clientProperties();
    cp.put("group.id", "sasl-it-" + UUID.randomUUID());
    cp.put("auto.offset.reset", "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < 3 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.key() + "=" + r.value());
        }
      }
    }
    assertThat(values).containsExactly("k0=v0", "k1=v1", "k2=v2");

    // the project's own readers of a secured cluster
    assertThat(new TopicReader(cfg).count(Topics.CONTROL, Duration.ofSeconds(30))).isEqualTo(3);
    try (ConsumerProgress progress = new ConsumerProgress(cfg)) {
      assertThat(progress.lag("nobody-" + UUID.randomUUID(), Topics.CONTROL.name())).isEqualTo(3);
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithAnAuthenticationError() {
    KafkaConfig good = kafka.clientConfig();
    String wrong = SecureListener.randomSecret();
    secrets.add(wrong);
    KafkaConfig bad =
        good.withSecurity(
            good.security().withCredentials(good.security().username(), Secret.of(wrong)));
    Properties p = bad.clientProperties();
    long start = System.nanoTime();
    try (Admin admin = Admin.create(p)) {
      assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("Authentication failed");
    }
    // refused, not left to time out
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

    Properties cp = bad.clientProperties();
    cp.put("group.id", "sasl-it-bad-" + UUID.randomUUID());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
      assertThatThrownBy(() -> consumer.partitionsFor("sasl-roundtrip", Duration.ofSeconds(20)))
          .isInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void aPlaintextClientCannotReadFromTheSecuredListener() {
    Properties cp = KafkaConfig.plaintext(kafka.bootstrapServers()).clientProperties();
    assertThat(cp.getProperty("security.protocol")).isNull();
    cp.put("group.id", "sasl-it-plain-" + UUID.randomUUID());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
      assertThatThrownBy(() -> consumer.partitionsFor(Topics.CONTROL.name(), Duration.ofSeconds(3)))
          .isInstanceOf(TimeoutException.class);
    }
  }
}
