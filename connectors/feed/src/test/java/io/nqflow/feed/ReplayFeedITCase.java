package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReplayFeedITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path tmp;

  private static double metric(io.prometheus.client.Counter c, String... labels) {
    return c.labels(labels).get();
  }

  /** Sum of nqflow_feed_records_out_total over every kind of one source. */
  private static double outTotal(String source) {
    double sum = 0;
    for (var family : FeedMetrics.EVENTS_OUT.collect()) {
      for (var sample : family.samples) {
        if (sample.labelValues.get(0).equals(source) && sample.name.endsWith("_total")) {
          sum += sample.value;
        }
      }
    }
    return sum;
  }

  @Test
  void replayPutsEveryEventRecordOnMdEventsInPerInstrumentOrderAndBadFilesInDeadLetters()
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    List<Path> samples = new ArrayList<>();
    try (var s = Files.list(Path.of("src/test/resources/dbn"))) {
      s.filter(p -> p.getFileName().toString().startsWith("test_data")).forEach(samples::add);
    }
    for (Path p : samples) {
      Files.copy(p, dir.resolve(p.getFileName()));
    }
    // A truncated copy of the MBO file: its readable records duplicate the original's, so the
    // quality monitor dead-letters them, and its torn tail is a dead letter too.
    byte[] mbo = Files.readAllBytes(dir.resolve("test_data.mbo.v3.dbn"));
    Files.write(dir.resolve("truncated.mbo.dbn"), java.util.Arrays.copyOf(mbo, mbo.length - 7));

    long expectedEvents = 0;
    long expectedInstruments = 0;
    long duplicates = 0;
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        boolean copy = p.getFileName().toString().startsWith("truncated");
        try (DbnDecoder d = DbnDecoder.open(p)) {
          DbnRecord r;
          while (true) {
            try {
              r = d.next();
            } catch (io.nqflow.dbn.DbnFormatException e) {
              break;
            }
            if (r == null) {
              break;
            }
            switch (DbnNormalizer.kindOf(r)) {
              case EVENT -> {
                if (copy) {
                  duplicates++;
                } else {
                  expectedEvents++;
                }
              }
              case INSTRUMENT -> expectedInstruments++;
              default -> {}
            }
          }
        }
      }
    }

    double outBefore = outTotal("replay");
    double lagBefore = FeedMetrics.PUBLISH_LAG.labels("replay").get().sum;
    double deadBefore = metric(FeedMetrics.DEAD_LETTERS, "replay", "feed-quality");
    double mboInBefore = metric(FeedMetrics.EVENTS_IN, "replay", "mbo");
    ReplayFeed.Stats stats;
    try (FeedPublisher publisher =
        new FeedPublisher(KAFKA.bootstrapServers(), "test-feed", 8 << 20)) {
      stats = new ReplayFeed("replay", publisher, Speed.MAX).run(List.of(dir), n -> {});
    }

    assertThat(stats.events()).isEqualTo(expectedEvents);
    assertThat(stats.instruments()).isEqualTo(expectedInstruments);
    assertThat(duplicates).isPositive();
    assertThat(stats.deadLetters()).isEqualTo(1 + duplicates);

    // Metrics: everything acknowledged is counted out, with a lag observed per record.
    assertThat(outTotal("replay") - outBefore).isEqualTo(expectedEvents + expectedInstruments);
    assertThat(FeedMetrics.PUBLISH_LAG.labels("replay").get().sum).isGreaterThan(lagBefore);
    assertThat(metric(FeedMetrics.DEAD_LETTERS, "replay", "feed-quality") - deadBefore)
        .isEqualTo(duplicates);
    assertThat(metric(FeedMetrics.EVENTS_IN, "replay", "mbo") - mboInBefore).isPositive();

    var client = KAFKA.client();
    List<ConsumerRecord<Long, MarketEvent>> events = client.readAll(Topics.MARKET_EVENTS);
    assertThat(events).hasSize((int) expectedEvents);
    assertThat(client.readAll(Topics.INSTRUMENTS)).hasSize((int) expectedInstruments);
    // Per instrument, events arrive in event-time order (the key is the instrument id).
    Map<Long, Long> lastTs = new HashMap<>();
    for (ConsumerRecord<Long, MarketEvent> r : events) {
      assertThat(r.key()).isEqualTo(r.value().getInstrumentId());
      long prev = lastTs.getOrDefault(r.key(), Long.MIN_VALUE);
      assertThat(r.value().getTsEvent()).isGreaterThanOrEqualTo(prev);
      lastTs.put(r.key(), r.value().getTsEvent());
    }
    List<DeadLetter> dead = client.values(Topics.DEAD_LETTERS);
    assertThat(dead).hasSize((int) (1 + duplicates));
    assertThat(dead).allSatisfy(d -> assertThat(d.getPosition()).contains("truncated.mbo.dbn"));
    assertThat(dead).filteredOn(d -> d.getStage().equals("feed-replay")).hasSize(1);
    assertThat(dead)
        .filteredOn(d -> d.getStage().equals("feed-quality"))
        .hasSize((int) duplicates)
        .allSatisfy(d -> assertThat(d.getReason()).startsWith("duplicate:"))
        .allSatisfy(d -> assertThat(d.getRaw().remaining()).isPositive());
  }
}
