package io.nqflow.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaITCase {

  @Test
  void brokerServesTheSystemTopicsWithTheirKeysAndAvroValues() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
      List<String> created = TopicAdmin.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
      assertThat(created).hasSize(Topics.ALL.size());
      // A second call keeps what exists.
      assertThat(TopicAdmin.ensureTopics(kafka.bootstrapServers(), 2, (short) 1)).isEmpty();

      Properties ap = new Properties();
      ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (Admin admin = Admin.create(ap)) {
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, "md.instruments");
        Config cfg = admin.describeConfigs(Set.of(res)).all().get().get(res);
        assertThat(cfg.get("cleanup.policy").value()).isEqualTo("compact");
        ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "md.events");
        Config ecfg = admin.describeConfigs(Set.of(events)).all().get().get(events);
        assertThat(ecfg.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
      }

      MarketEvent e =
          MarketEvent.newBuilder()
              .setSource("test")
              .setInstrumentId(5482L)
              .setPublisherId(1)
              .setTsEvent(1_609_160_400_000_429_831L)
              .setTsRecv(1_609_160_400_000_704_060L)
              .setSequence(1_170_352L)
              .setFlags(128)
              .setPayload(
                  new Mbo(647_784_973_705L, Action.CANCEL, Side.ASK, 3_722_750_000_000L, 1L, 0))
              .build();
      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<Long, MarketEvent> producer =
          new KafkaProducer<>(
              pp,
              TopicSerdes.keySerializer(Topics.MARKET_EVENTS),
              TopicSerdes.valueSerializer(Topics.MARKET_EVENTS))) {
        producer.send(new ProducerRecord<>(Topics.MARKET_EVENTS.name(), 5482L, e)).get();
      }
      var records =
          new TopicReader(kafka.bootstrapServers())
              .readAll(Topics.MARKET_EVENTS, Duration.ofSeconds(20));
      assertThat(records).hasSize(1);
      assertThat(records.get(0).key()).isEqualTo(5482L);
      assertThat(records.get(0).value()).isEqualTo(e);
      TopicReader reader = new TopicReader(kafka.bootstrapServers());
      assertThat(reader.count(Topics.MARKET_EVENTS, Duration.ofSeconds(20))).isEqualTo(1);
      assertThat(reader.count(Topics.INSTRUMENTS, Duration.ofSeconds(20))).isZero();
    }
  }
}
