package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.ops.v1.DeadLetter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverSourceTest {
  private static final long T0 = 1_700_000_000_000_000_000L;

  /**
   * Two instruments interleaved; each venue message yields two MBO records sharing its sequence.
   */
  private static List<MarketEvent> session() {
    List<MarketEvent> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long instrument = 1 + i % 2;
      out.add(mbo(instrument, 100 + i, T0 + i * 1000L, 10L * i, Action.FILL));
      out.add(mbo(instrument, 100 + i, T0 + i * 1000L, 10L * i + 1, Action.FILL));
    }
    return out;
  }

  @Test
  void cutMidStreamFailsOverWithoutLosingOrDuplicatingEvents() throws Exception {
    List<MarketEvent> all = session();
    // The live source dies between the two records of one message; the backup replays the whole
    // session from the start, overlapping what was already published.
    TestingSource live = new TestingSource("live", all.subList(0, 37), new IOException("reset"));
    TestingSource backup = new TestingSource("backup", all, null);
    CollectingSink sink = new CollectingSink();
    double before = FeedMetrics.FAILOVER_DUPLICATES.labels("f1", "test").get();

    new FailoverSource("f1", List.of(live, backup)).run(sink);

    assertThat(sink.events).containsExactlyElementsOf(all);
    assertThat(FeedMetrics.FAILOVER_DUPLICATES.labels("f1", "test").get() - before).isEqualTo(37);
    assertThat(FeedMetrics.FAILOVERS.labels("f1", "live").get()).isEqualTo(1);
  }

  @Test
  void backupStartingAtTheCutPublishesEverythingOnce() throws Exception {
    List<MarketEvent> all = session();
    TestingSource live = new TestingSource("live", all.subList(0, 20), new IOException("eof"));
    TestingSource backup = new TestingSource("backup", all.subList(18, all.size()), null);
    CollectingSink sink = new CollectingSink();

    new FailoverSource("f2", List.of(live, backup)).run(sink);

    assertThat(sink.events).containsExactlyElementsOf(all);
  }

  @Test
  void everySourceDownIsOneErrorNamingThemAll() {
    TestingSource a = new TestingSource("a", List.of(), new IOException("refused"));
    TestingSource b = new TestingSource("b", List.of(), new IOException("timeout"));
    assertThatThrownBy(() -> new FailoverSource("f3", List.of(a, b)).run(new CollectingSink()))
        .isInstanceOf(FeedException.class)
        .hasMessageContaining("a: refused")
        .hasMessageContaining("b: timeout");
  }

  private static MarketEvent mbo(long instrument, long seq, long ts, long orderId, Action a) {
    return MarketEvent.newBuilder()
        .setSource("test")
        .setInstrumentId(instrument)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts + 500)
        .setSequence(seq)
        .setFlags(0)
        .setPayload(new Mbo(orderId, a, Side.BID, 5_000_000_000L, 1L, 1))
        .build();
  }

  /** Emits its events, then fails with {@code failure} (or ends when it is null). */
  private record TestingSource(String name, List<MarketEvent> events, Exception failure)
      implements FeedSource {
    @Override
    public void run(FeedSink sink, RunControl control) throws Exception {
      for (MarketEvent e : events) {
        // A copy: the backup's records are equal to, not the same objects as, the live ones.
        sink.event(MarketEvent.newBuilder(e).build());
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static final class CollectingSink implements FeedSink {
    final List<MarketEvent> events = new ArrayList<>();

    @Override
    public void instrument(Instrument i) {}

    @Override
    public void event(MarketEvent e) {
      events.add(e);
    }

    @Override
    public void deadLetter(DeadLetter d) {
      throw new AssertionError("unexpected dead letter " + d);
    }
  }
}
