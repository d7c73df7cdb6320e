package io.nqflow.feed;

import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sources in priority order: when one goes down (throws) the next takes over, and the events
 * the new source repeats are dropped by instrument and (ts_event, sequence), so nothing is
 * published twice at the switch. A source that ends normally ends the feed.
 */
public final class FailoverSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSource.class);

  /** Keys of recent events that share their instrument's high-water (ts_event, sequence). */
  static final int RECENT_KEYS = 1 << 16;

  private final String name;
  private final List<FeedSource> sources;

  public FailoverSource(String name, List<FeedSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("failover source " + name + " needs at least one source");
    }
    this.name = name;
    this.sources = List.copyOf(sources);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(FeedSink sink) throws Exception {
    Dedup dedup = new Dedup(sink);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      FeedSource s = sources.get(i);
      try {
        s.run(dedup);
        return;
      } catch (Exception e) {
        failures.add(s.name() + ": " + e.getMessage());
        FeedMetrics.FAILOVERS.labels(name, s.name()).inc();
        String next = i + 1 < sources.size() ? sources.get(i + 1).name() : null;
        LOG.warn(
            "feed source {} is down ({}); {}",
            s.name(),
            e.getMessage(),
            next == null ? "no source left" : "failing over to " + next);
        dedup.switched = true;
        if (next == null) {
          throw new FeedException(
              "every source of " + name + " is down: " + String.join("; ", failures), e);
        }
      }
    }
  }

  /** Drops events a source repeats after a switch; passes everything before the first one. */
  private final class Dedup implements FeedSink {
    private final FeedSink downstream;
    private final Map<Long, long[]> highWater = new HashMap<>();
    private final Map<List<Object>, Boolean> recent =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<List<Object>, Boolean> eldest) {
            return size() > RECENT_KEYS;
          }
        };
    boolean switched;

    Dedup(FeedSink downstream) {
      this.downstream = downstream;
    }

    @Override
    public void instrument(Instrument i) {
      // md.instruments is compacted by instrument id: a repeated definition is harmless.
      downstream.instrument(i);
    }

    @Override
    public void event(MarketEvent e) {
      long[] hw = highWater.get(e.getInstrumentId());
      List<Object> key =
          List.of(e.getInstrumentId(), e.getSequence(), e.getTsEvent(), e.getPayload());
      if (switched && hw != null) {
        int c = compare(e.getTsEvent(), e.getSequence(), hw[0], hw[1]);
        if (c < 0 || (c == 0 && recent.containsKey(key))) {
          FeedMetrics.FAILOVER_DUPLICATES.labels(name, e.getSource()).inc();
          return;
        }
      }
      downstream.event(e);
      if (hw == null || compare(e.getTsEvent(), e.getSequence(), hw[0], hw[1]) > 0) {
        highWater.put(e.getInstrumentId(), new long[] {e.getTsEvent(), e.getSequence()});
      }
      recent.put(key, Boolean.TRUE);
    }

    @Override
    public void deadLetter(DeadLetter d) {
      downstream.deadLetter(d);
    }

    @Override
    public void flush() {
      downstream.flush();
    }
  }

  private static int compare(long ts, long seq, long hwTs, long hwSeq) {
    int c = Long.compare(ts, hwTs);
    return c != 0 ? c : Long.compare(seq, hwSeq);
  }
}
