package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.feed.resume.ResumePoint;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The feed's publisher and its start-up readers (resume point) with {@code kafka.security} set,
 * against a broker that accepts only SCRAM over TLS.
 */
class FeedPublisherSaslSslITCase {
  private static final long T0 = 1_700_000_000_000_000_000L;

  private static MarketEvent mbo(long ts, long orderId) {
    return MarketEvent.newBuilder()
        .setSource("sasl-feed")
        .setInstrumentId(42L)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts + 500)
        .setSequence(ts - T0)
        .setFlags(0)
        .setPayload(new Mbo(orderId, Action.ADD, Side.BID, 5_000_000_000L, 1L, 1))
        .build();
  }

  @Test
  void publishesAndResumesThroughSaslSsl() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.startSaslSsl(KafkaSecurity.SaslMechanism.SCRAM_SHA_256)) {
      KafkaConfig cfg = kafka.clientConfig();
      TopicAdmin.ensureTopics(cfg, 1, (short) 1);
      try (FeedPublisher pub = new FeedPublisher(cfg, "nqflow-feed-sasl", 8L << 20)) {
        pub.event(mbo(T0 + 10, 1));
        pub.event(mbo(T0 + 20, 2));
        pub.flush();
        assertThat(pub.eventsPublished()).isEqualTo(2);
      }
      List<MarketEvent> events =
          new TopicReader(cfg).values(Topics.MARKET_EVENTS, Duration.ofSeconds(30));
      assertThat(events).extracting(MarketEvent::getTsEvent).containsExactly(T0 + 10, T0 + 20);

      ResumePoint point = ResumePoint.read(cfg, Set.of("sasl-feed"), Duration.ofSeconds(30));
      assertThat(point.isEmpty()).isFalse();
      assertThat(point.published(mbo(T0 + 20, 2))).isTrue();
      assertThat(point.published(mbo(T0 + 30, 3))).isFalse();
    }
  }
}
