package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static io.nqflow.execution.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The execution service with {@code kafka.security} set: its consumers (market events, approved
 * intents) and its producer (execution events, audit) work against a broker that accepts only SCRAM
 * over TLS.
 */
class ExecutionSaslSslITCase {
  @TempDir Path dir;

  @Test
  void theServiceTradesThroughSaslSsl() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.startSaslSsl(KafkaSecurity.SaslMechanism.SCRAM_SHA_512)) {
      KafkaConfig cfg = kafka.clientConfig();
      TopicAdmin.ensureTopics(cfg, 1, (short) 1);
      String account = "acct-sasl";
      ExecutionSettings settings =
          ExecutionSettings.builder()
              .account(account)
              .ledger("jdbc:h2:file:" + dir.resolve(account), "sa", "")
              .paperLatency(Duration.ZERO)
              .paperSlippageTicks(0)
              .kafkaBootstrap(kafka.bootstrapServers())
              .kafkaSecurity(cfg.security())
              .reconcileInterval(Duration.ofMinutes(5))
              .build();
      assertThat(settings.kafka().clientProperties()).isEqualTo(cfg.clientProperties());
      assertThat(settings.toString()).doesNotContain(cfg.security().password().reveal());

      PaperBroker paper = PaperBroker.from(settings);
      try (ExecutionService service = new ExecutionService(settings, paper)) {
        service.start();
        send(cfg, Topics.MARKET_EVENTS, 101L, TestData.quote(101, T0, 9.75, 5, 10.0, 1));
        service.awaitIdle(WAIT);
        OrderIntent intent = TestData.buy(account, "sig-sasl", 101, 1, 10.0);
        send(cfg, Topics.ORDERS_APPROVED, account, intent);
        service.awaitIdle(WAIT);
        assertThat(service.stats().ordersSent()).isEqualTo(1);
      }

      List<ExecutionEvent> events =
          new TopicReader(cfg).values(Topics.EXEC_EVENTS, Duration.ofSeconds(30));
      assertThat(events)
          .extracting(ExecutionEvent::getPayload)
          .filteredOn(OrderAccepted.class::isInstance)
          .isNotEmpty();
    }
  }

  private static <K, V extends SpecificRecord> void send(
      KafkaConfig cfg, Topic<K, V> topic, K key, V value) throws Exception {
    try (KafkaProducer<K, V> p =
        new KafkaProducer<>(
            cfg.clientProperties(),
            TopicSerdes.keySerializer(topic),
            TopicSerdes.valueSerializer(topic))) {
      p.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
    }
  }
}
