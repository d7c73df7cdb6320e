package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import io.prometheus.client.Collector;
import io.prometheus.client.SimpleCollector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what a replay sends to Kafka, byte for byte: every record of every topic, in order per
 * topic, and the counts and metrics of the run, over an input that takes every path of the feed
 * ({@link FaultySession}). The expected digests were computed with the feed's code before its
 * per-event work was rewritten for speed, so any change of output shows here. Only the dead
 * letters' wall-clock {@code ts} and the temporary folder's name are left out.
 */
class ReplayOutputGoldenTest {
  private static final String SOURCE = "golden";

  /** Files of the simulated session the replay does not read, left out of the input's digest. */
  private static final java.util.Set<String> LABELS =
      java.util.Set.of("truth.jsonl", "manifest.json");

  /**
   * The input's digest (its DBN files, taken with the simulator before regimes): when the simulator
   * changes, the expectations below must be recomputed.
   */
  private static final String INPUT =
      "28fb839b120cadd057e7f7b6ce467d36117b1d271578705d16968638e332f31b";

  private static final String SUMMARY =
      String.join(
          "\n",
          "Stats[records=133966, instruments=362, events=129528, notEvents=2, deadLetters=4076, qualityFindings=20083, skipped=0]",
          "{md.events=129528, md.instruments=362, ops.deadletter=4076}",
          "nqflow_feed_dead_letters_total[golden, feed-quality] = 3842.0",
          "nqflow_feed_dead_letters_total[golden, feed-replay] = 234.0",
          "nqflow_feed_quality_findings_total[golden, clock_skew] = 86.0",
          "nqflow_feed_quality_findings_total[golden, crossed_book] = 159.0",
          "nqflow_feed_quality_findings_total[golden, duplicate] = 202.0",
          "nqflow_feed_quality_findings_total[golden, off_tick] = 2829.0",
          "nqflow_feed_quality_findings_total[golden, outside_limits] = 2982.0",
          "nqflow_feed_quality_findings_total[golden, sequence_gap] = 324.0",
          "nqflow_feed_quality_findings_total[golden, stale_instrument] = 13501.0",
          "nqflow_feed_records_in_total[golden, bbo-1s] = 346.0",
          "nqflow_feed_records_in_total[golden, instrument-def] = 375.0",
          "nqflow_feed_records_in_total[golden, mbo] = 125689.0",
          "nqflow_feed_records_in_total[golden, mbp-0] = 4348.0",
          "nqflow_feed_records_in_total[golden, mbp-10] = 761.0",
          "nqflow_feed_records_in_total[golden, mbp-1] = 1450.0",
          "nqflow_feed_records_in_total[golden, ohlcv-1s] = 2.0",
          "nqflow_feed_records_in_total[golden, statistics] = 771.0",
          "nqflow_feed_records_in_total[golden, status] = 224.0",
          "nqflow_feed_records_out_total[golden, instrument] = 362.0",
          "nqflow_feed_records_out_total[golden, mbo] = 125450.0",
          "nqflow_feed_records_out_total[golden, quote] = 1747.0",
          "nqflow_feed_records_out_total[golden, statistic] = 771.0",
          "nqflow_feed_records_out_total[golden, status] = 180.0",
          "nqflow_feed_records_out_total[golden, trade] = 1380.0",
          "nqflow_feed_stale_instruments[golden] = 238.0");

  /** SHA-256 of each topic's records (key and value), in the order sent. */
  private static final Map<String, String> DIGESTS =
      Map.of(
          "md.events",
          "4493a9fe6afb779427359729dd74537fb9bdd3c921bf9608e4a1263197912f55",
          "md.instruments",
          "8052d0d076c6f642597b7d9b05e9bd58e82b49c7528daf6aa85582339b71e78d",
          "ops.deadletter",
          "d2591b2894dcce9e15426db86dfbf45f864c542215738606f3c553aff0a93693");

  @TempDir Path tmp;

  @Test
  void aReplaySendsExactlyTheRecordsAndCountsOfTheReference() throws Exception {
    checkAgainstReference(FeedPublisher::new);
  }

  /**
   * The same through the sender thread, with small batches so that the run takes many hand-offs and
   * waits on a full pool.
   */
  @Test
  void aPipelinedReplaySendsExactlyTheSameRecordsAndCounts() throws Exception {
    checkAgainstReference(p -> new FeedPublisher(p, FeedPublisher.Mode.PIPELINED, "golden", 37, 3));
  }

  /** And with the batches of a real replay. */
  @Test
  void aPipelinedReplayWithDefaultBatchesSendsExactlyTheSameRecordsAndCounts() throws Exception {
    checkAgainstReference(p -> new FeedPublisher(p, FeedPublisher.Mode.PIPELINED, "golden"));
  }

  private void checkAgainstReference(
      java.util.function.Function<MockProducer<byte[], byte[]>, FeedPublisher> publishers)
      throws Exception {
    Path in = FaultySession.write(tmp, 11, 120);
    String inputDigest = digestOfFiles(in);

    Map<String, Double> before = metrics();
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    ReplayFeed.Stats stats;
    try (FeedPublisher publisher = publishers.apply(producer)) {
      stats =
          new ReplayFeed(SOURCE, publisher, Speed.MAX, QualityConfig.defaults())
              .run(List.of(in), n -> {});
    }
    Map<String, Double> after = metrics();

    Map<String, MessageDigest> digests = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    String root = in.toString();
    for (ProducerRecord<byte[], byte[]> r : producer.history()) {
      byte[] value = r.value();
      if (r.topic().equals(Topics.DEAD_LETTERS.name())) {
        DeadLetter d = Topics.DEAD_LETTERS.deserializeValue(value);
        assertThat(d.getDeadLetterId())
            .isEqualTo(Ids.of("dl", d.getSource(), d.getStage(), d.getPosition()));
        // The id is a hash of the position, which names the temporary folder.
        DeadLetter stable =
            DeadLetter.newBuilder(d)
                .setDeadLetterId("")
                .setPosition(d.getPosition().replace(root, "<in>"))
                .setReason(d.getReason().replace(root, "<in>"))
                .setTs(0)
                .build();
        value = Topics.DEAD_LETTERS.serializeValue(stable);
      }
      MessageDigest md = digests.computeIfAbsent(r.topic(), t -> sha256());
      update(md, r.key());
      update(md, value);
      counts.merge(r.topic(), 1, Integer::sum);
    }
    Map<String, String> hex = new TreeMap<>();
    digests.forEach((t, md) -> hex.put(t, HexFormat.of().formatHex(md.digest())));

    StringBuilder summary = new StringBuilder().append(stats).append('\n').append(counts);
    for (Map.Entry<String, Double> m : after.entrySet()) {
      // The stale-instruments gauge is a level, not a count: its value, whatever ran before.
      boolean gauge = m.getKey().startsWith("nqflow_feed_stale");
      double d = gauge ? m.getValue() : m.getValue() - before.getOrDefault(m.getKey(), 0.0);
      if (d != 0 || gauge) {
        summary.append('\n').append(m.getKey()).append(" = ").append(d);
      }
    }
    System.out.println("input " + inputDigest + "\n" + summary + "\n" + hex);

    assertThat(inputDigest).as("the generated input (simulator output)").isEqualTo(INPUT);
    assertThat(summary.toString()).isEqualTo(SUMMARY);
    assertThat(hex).isEqualTo(DIGESTS);
  }

  /** The feed's metric samples of this test's source, by name and labels. */
  private static Map<String, Double> metrics() {
    Map<String, Double> out = new TreeMap<>();
    for (SimpleCollector<?> c :
        List.of(
            FeedMetrics.EVENTS_IN,
            FeedMetrics.EVENTS_OUT,
            FeedMetrics.DEAD_LETTERS,
            FeedMetrics.QUALITY_FINDINGS,
            FeedMetrics.STALE_INSTRUMENTS)) {
      for (Collector.MetricFamilySamples f : c.collect()) {
        for (Collector.MetricFamilySamples.Sample s : f.samples) {
          if (s.labelValues.get(0).equals(SOURCE) && !s.name.endsWith("_created")) {
            out.put(s.name + s.labelValues, s.value);
          }
        }
      }
    }
    return out;
  }

  private static String digestOfFiles(Path root) throws IOException {
    MessageDigest md = sha256();
    try (Stream<Path> s = Files.walk(root)) {
      // The simulator's labels (truth.jsonl, manifest.json) are not replayed: only what is.
      for (Path p :
          s.filter(Files::isRegularFile)
              .filter(p -> !LABELS.contains(p.getFileName().toString()))
              .sorted()
              .toList()) {
        update(md, root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
        update(md, Files.readAllBytes(p));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void update(MessageDigest md, byte[] b) {
    int n = b == null ? -1 : b.length;
    md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    if (b != null) {
      md.update(b);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
