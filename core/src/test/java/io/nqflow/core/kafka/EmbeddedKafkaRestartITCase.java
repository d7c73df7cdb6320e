package io.nqflow.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker role goes down and comes back on the same logs and address (chaos harness). */
class EmbeddedKafkaRestartITCase {
  @TempDir Path dir;

  @Test
  void aRestartedBrokerKeepsItsLogsAndItsAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(port, dir.resolve("kafka"))) {
      TopicAdmin.ensureTopics(kafka.bootstrapServers(), 1, (short) 1);
      String topic = "ops.audit";
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers())) {
        p.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);

        kafka.stopBroker();
        // While it is down nothing answers on its address.
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(ap)) {
          assertThatThrownBy(
                  () -> admin.listTopics(new ListTopicsOptions().timeoutMs(2000)).names().get())
              .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        // A record sent meanwhile waits in the producer (send blocks for metadata: a thread).
        CompletableFuture<RecordMetadata> down =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return p.send(new ProducerRecord<>(topic, "k", "down")).get();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });

        kafka.startBroker();
        down.get(90, TimeUnit.SECONDS);
        p.send(new ProducerRecord<>(topic, "k", "after")).get(60, TimeUnit.SECONDS);
      }
      List<String> values = readAll(kafka.bootstrapServers(), topic, 3);
      // The old log is still there, and the record sent while the broker was down arrived once.
      assertThat(values).containsExactly("before", "down", "after");
    }
  }

  @Test
  void aBrokerOnAnyPortCannotBeRestarted() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("any"))) {
      assertThatThrownBy(kafka::stopBroker).hasMessageContaining("fixed port");
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(String bootstrap, String topic, int expected) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }
}
