package io.nqflow.feed.live;

import static io.nqflow.feed.live.LiveSessions.DATASET;
import static io.nqflow.feed.live.LiveSessions.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.FailoverConfig;
import io.nqflow.core.config.QualityConfig;
import io.nqflow.databento.ApiKey;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.Subscription;
import io.nqflow.databento.TestingLiveGateway;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import io.nqflow.feed.FailoverSource;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.TestingSink;
import io.nqflow.feed.failover.CircuitBreaker;
import io.nqflow.feed.replay.ReplaySource;
import io.nqflow.feed.replay.Speed;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.testing.Poll;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live source against the loopback gateway stand-in, cut mid-stream, failing over. */
class LiveFailoverITCase {
  @TempDir Path tmp;

  private static DatabentoLiveSource live(TestingLiveGateway gateway, Clock clock) {
    return new DatabentoLiveSource(
        "databento-live",
        start -> {
          Subscription sub = Subscription.of(Schema.MBO, SType.RAW_SYMBOL, List.of("ESH1"));
          return LiveClient.builder()
              .dataset(DATASET)
              .apiKey(ApiKey.of(KEY))
              .gateway(gateway.hostPort())
              .subscribe(start == null ? sub : sub.withStart(start))
              .heartbeatInterval(Duration.ofSeconds(1))
              .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
              .maxReconnectAttempts(0)
              .random(new SplittableRandom(7))
              .build();
        },
        QualityConfig.defaults(),
        clock,
        null);
  }

  @Test
  void liveCutMidStreamFailsOverToReplayWithoutLossOrDuplicates() throws Exception {
    Path file = tmp.resolve("session.mbo.dbn");
    byte[] session = LiveSessions.write(file, LiveSessions.mbo(300, 1_000));
    List<MarketEvent> expected = LiveSessions.events(file);

    double dupBefore = FeedMetrics.FAILOVER_DUPLICATES.labels("nq", "replay").get();
    double skippedBefore = FeedMetrics.RESUME_SKIPPED.labels("replay").get();
    TestingSink sink = new TestingSink();
    // The gateway drops the connection in the middle of record 122, between two records of one
    // message; the client may not reconnect.
    try (TestingLiveGateway gateway =
        new TestingLiveGateway(KEY, DATASET, session)
            .script(0, TestingLiveGateway.Script.dropAfter(121))) {
      ReplaySource replay =
          new ReplaySource("replay", List.of(file), Speed.MAX, QualityConfig.defaults());
      new FailoverSource("nq", List.of(live(gateway, Clock.systemUTC()), replay)).run(sink);
    }

    assertThat(sink.deadLetters()).isEmpty();
    long fromLive =
        sink.events().stream().filter(e -> e.getSource().equals("databento-live")).count();
    assertThat(fromLive).isEqualTo(121);
    // Same events, once each, in order: compare without the source stamp.
    assertThat(sink.events().stream().map(LiveSessions::anySource).toList())
        .containsExactlyElementsOf(expected);
    // The replay starts at the last ts_event delivered: the 120 events before it are skipped
    // unread, the one delivered at it is dropped as a duplicate, its sibling is new.
    assertThat(FeedMetrics.RESUME_SKIPPED.labels("replay").get() - skippedBefore).isEqualTo(120);
    assertThat(FeedMetrics.FAILOVER_DUPLICATES.labels("nq", "replay").get() - dupBefore)
        .isEqualTo(1);
  }

  /**
   * The live gateway drops the first connection mid-record; the live breaker opens (0.5 to 1 s) and
   * the feed runs the replay (paced: the rest of the session takes it about 3.6 s, so it is still
   * running); when the breaker's open time is up, the half- open trial reconnects live with an
   * intraday replay from the last event delivered, the replay is stopped, and live delivers the
   * rest. Every event of the session arrives exactly once, in order: live, then replay, then live
   * again.
   */
  @Test
  void liveCutMidStreamFailsOverToReplayAndBackWithEveryEventOnce() throws Exception {
    Path file = tmp.resolve("session.mbo.dbn");
    // 150 venue messages 40 ms apart: the paced replay would take 6 s for the whole session.
    byte[] session = LiveSessions.write(file, LiveSessions.mbo(300, 40_000_000L));
    List<MarketEvent> expected = LiveSessions.events(file);
    // The live source's clock is set near the session's time, so its intraday replay window
    // (24 h) covers the events it is asked to replay.
    Instant dataTime = Instant.ofEpochSecond(0, expected.get(0).getTsEvent());
    Clock liveClock =
        Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), dataTime.plusSeconds(60)));
    double backBefore = FeedMetrics.SWITCHBACKS.labels("nq-back", "databento-live").get();

    TestingSink sink = new TestingSink();
    try (TestingLiveGateway gateway =
        new TestingLiveGateway(KEY, DATASET, session)
            .script(0, TestingLiveGateway.Script.dropAfter(121))) {
      ReplaySource replay =
          new ReplaySource("replay", List.of(file), Speed.parse("x1"), QualityConfig.defaults());
      FailoverSource feed =
          FailoverSource.builder("nq-back")
              .sources(List.of(live(gateway, liveClock), replay))
              .config(
                  new FailoverConfig(
                      1,
                      Duration.ofMillis(100),
                      Duration.ofSeconds(1),
                      Duration.ofSeconds(2),
                      Duration.ofSeconds(10)))
              .checkInterval(Duration.ofMillis(20))
              .random(new SplittableRandom(3))
              .build();
      RunControl control = RunControl.fromStart();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  feed.run(sink, control);
                } catch (Throwable e) {
                  failed.set(e);
                }
              });
      t.start();
      try {
        Poll.until(
            Duration.ofSeconds(20),
            "the whole session delivered",
            () -> sink.events().size() >= expected.size() || failed.get() != null);
        assertThat(feed.breakerStates())
            .containsEntry("databento-live", CircuitBreaker.State.CLOSED);
      } finally {
        control.stop();
        t.join(10_000);
      }
      assertThat(failed.get()).isNull();
      assertThat(t.isAlive()).isFalse();
    }

    assertThat(sink.deadLetters()).isEmpty();
    assertThat(sink.events().stream().map(LiveSessions::anySource).toList())
        .containsExactlyElementsOf(expected);
    assertThat(runs(sink.events())).containsExactly("databento-live", "replay", "databento-live");
    assertThat(sink.events().subList(0, 121))
        .allSatisfy(e -> assertThat(e.getSource()).isEqualTo("databento-live"));
    assertThat(FeedMetrics.SWITCHBACKS.labels("nq-back", "databento-live").get() - backBefore)
        .isEqualTo(1);
  }

  /** The sources of consecutive runs of events, e.g. [live, replay, live]. */
  private static List<String> runs(List<MarketEvent> events) {
    List<String> out = new ArrayList<>();
    for (MarketEvent e : events) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(e.getSource())) {
        out.add(e.getSource());
      }
    }
    return out;
  }
}
