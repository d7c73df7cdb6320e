package io.nqflow.feed.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.databento.ApiKey;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.TestingLiveGateway;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.feed.FailoverSource;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.ReplaySource;
import io.nqflow.feed.replay.Speed;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live source against the loopback gateway stand-in, cut mid-stream, failing over. */
class LiveFailoverITCase {
  private static final String KEY = "db-TestKeyThatIsThirtyTwoChars12";
  private static final String DATASET = "GLBX.MDP3";

  @TempDir Path tmp;

  @Test
  void liveCutMidStreamFailsOverToReplayWithoutLossOrDuplicates() throws Exception {
    byte[] session = mboSession(300);
    Path file = tmp.resolve("session.mbo.dbn");
    Files.write(file, session);
    List<MarketEvent> expected = new ArrayList<>();
    DbnNormalizer normalizer = new DbnNormalizer("any");
    try (DbnDecoder d = DbnDecoder.open(file)) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        expected.add(normalizer.event(r));
      }
    }

    double dupBefore = FeedMetrics.FAILOVER_DUPLICATES.labels("nq", "replay").get();
    double skippedBefore = FeedMetrics.RESUME_SKIPPED.labels("replay").get();
    CollectingSink sink = new CollectingSink();
    // The gateway drops the connection in the middle of record 122, between two records of one
    // message; the client may not reconnect.
    try (TestingLiveGateway gateway =
        new TestingLiveGateway(KEY, DATASET, session)
            .script(0, TestingLiveGateway.Script.dropAfter(121))) {
      DatabentoLiveSource live =
          new DatabentoLiveSource(
              "databento-live",
              start ->
                  LiveClient.builder()
                      .dataset(DATASET)
                      .apiKey(ApiKey.of(KEY))
                      .gateway(gateway.hostPort())
                      .subscribe(
                          io.nqflow.dbn.Schema.MBO, io.nqflow.dbn.SType.RAW_SYMBOL, List.of("ESH1"))
                      .heartbeatInterval(Duration.ofSeconds(1))
                      .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
                      .maxReconnectAttempts(0)
                      .random(new SplittableRandom(7))
                      .build(),
              QualityConfig.defaults(),
              Clock.systemUTC(),
              null);
      ReplaySource replay =
          new ReplaySource("replay", List.of(file), Speed.MAX, QualityConfig.defaults());

      new FailoverSource("nq", List.of(live, replay)).run(sink);
    }

    assertThat(sink.deadLetters).isEmpty();
    assertThat(sink.events).extracting(MarketEvent::getSource).contains("databento-live");
    long fromLive =
        sink.events.stream().filter(e -> e.getSource().equals("databento-live")).count();
    assertThat(fromLive).isEqualTo(121);
    // Same events, once each, in order: compare without the source stamp.
    assertThat(sink.events.stream().map(e -> withSource(e, "any")).toList())
        .containsExactlyElementsOf(expected);
    // The replay starts at the last ts_event delivered: the 120 events before it are skipped
    // unread, the one delivered at it is dropped as a duplicate, its sibling is new.
    assertThat(FeedMetrics.RESUME_SKIPPED.labels("replay").get() - skippedBefore).isEqualTo(120);
    assertThat(FeedMetrics.FAILOVER_DUPLICATES.labels("nq", "replay").get() - dupBefore)
        .isEqualTo(1);
  }

  private static MarketEvent withSource(MarketEvent e, String source) {
    return MarketEvent.newBuilder(e).setSource(source).build();
  }

  /**
   * An MBO session derived from Databento's sample: {@code n} records, two per ts_event (they share
   * the sequence, like the records of one venue message), order ids ascending.
   */
  private static byte[] mboSession(int n) throws Exception {
    Path sample = Path.of("src/test/resources/dbn/test_data.mbo.v3.dbn");
    Metadata md;
    List<MboMsg> base = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(sample)) {
      md = d.metadata();
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        if (r.rtype() == RType.MBO) {
          base.add((MboMsg) r.toMessage());
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnEncoder e = new DbnEncoder(out, md)) {
      long t0 = base.get(0).hd().tsEvent();
      for (int i = 0; i < n; i++) {
        MboMsg b = base.get(i % base.size());
        long ts = t0 + (i / 2) * 1_000L;
        RecordHeader hd =
            new RecordHeader(
                b.hd().length(), b.hd().rtype(), b.hd().publisherId(), b.hd().instrumentId(), ts);
        e.write(
            new MboMsg(
                hd,
                b.orderId() + i,
                b.price(),
                b.size(),
                b.flags(),
                b.channelId(),
                b.action(),
                b.side(),
                ts + 500,
                b.tsInDelta(),
                b.sequence() + i / 2));
      }
    }
    return out.toByteArray();
  }

  private static final class CollectingSink implements FeedSink {
    final List<MarketEvent> events = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    @Override
    public synchronized void instrument(Instrument i) {}

    @Override
    public synchronized void event(MarketEvent e) {
      events.add(e);
    }

    @Override
    public synchronized void deadLetter(DeadLetter d) {
      deadLetters.add(d);
    }
  }
}
