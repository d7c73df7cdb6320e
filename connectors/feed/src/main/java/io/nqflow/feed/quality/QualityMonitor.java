package io.nqflow.feed.quality;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.dbn.Dbn;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.feed.LongIndex;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.TickBand;
import io.nqflow.md.v1.Trade;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data quality checks on normalized market data of one source: sequence gaps per MBO channel,
 * duplicates, prices off the tick grid or outside the limit prices, crossed books, clock skew and
 * stale instruments (no update for {@code stale_after} of event time while others update). Every
 * finding increments {@link FeedMetrics#QUALITY_FINDINGS}; the caller dead-letters the records
 * whose findings {@linkplain Finding#rejects() reject} them. Not thread-safe: one monitor per
 * source thread.
 *
 * <p>It runs for every event of the feed, so its state is primitive: instruments get a dense index
 * ({@link LongIndex}) and their rules and clocks live in arrays by that index; a clean event
 * allocates nothing.
 */
public final class QualityMonitor {
  /** Recent record keys kept for duplicate detection; duplicates arrive close together. */
  static final int DEDUP_WINDOW = 1 << 16;

  private static final long F_BAD_TS_RECV = 8;

  /**
   * MBO channels tracked in an array; others (never seen from DBN, whose channel is u8) in a map.
   */
  private static final int CHANNELS = 256;

  private final String source;
  private final long maxSkewNanos;
  private final long staleAfterNanos;
  private final long scanEvery;

  /** Instruments seen in a definition or an event, by index. */
  private final LongIndex ids = new LongIndex();

  /** The rules of each instrument's latest definition; null without a definition. */
  private Rules[] rules = new Rules[64];

  /** Event time of each instrument's last update, where {@link #updated}. */
  private long[] lastUpdate = new long[64];

  private boolean[] updated = new boolean[64];
  private boolean[] stale = new boolean[64];
  private int staleCount;

  /** Start of the current stretch of activity: after a pause of the whole feed, clocks restart. */
  private long activeSince = Long.MIN_VALUE;

  private long latest = Long.MIN_VALUE;
  private long lastScan = Long.MIN_VALUE;

  private final long[] lastMboSequence = new long[CHANNELS];
  private final boolean[] channelSeen = new boolean[CHANNELS];
  private final Map<Integer, Long> otherChannels = new HashMap<>();

  private final RecentKeys recent = new RecentKeys(DEDUP_WINDOW);

  /** Metric children, made on first use (so no series appears before its first finding). */
  private final Counter.Child[] findingCounters = new Counter.Child[Check.values().length];

  private Gauge.Child staleGauge;

  public QualityMonitor(String source, QualityConfig cfg) {
    this.source = source;
    this.maxSkewNanos = cfg.maxClockSkew().toNanos();
    this.staleAfterNanos = cfg.staleAfter().toNanos();
    this.scanEvery = Math.max(1, staleAfterNanos / 4);
  }

  /**
   * An instrument's tick bands and limits as primitives, read from its definition once instead of
   * through the Avro getters (boxed limits, a list of bands) for every event.
   */
  private static final class Rules {
    final Instrument def;
    final long minPriceIncrement;
    final long[] bandAbove;
    final long[] bandIncrement;

    /** Bands that are the first band (the same object), which apply at every price. */
    final boolean[] bandFirst;

    final Long hi;
    final Long lo;

    Rules(Instrument def) {
      this.def = def;
      this.minPriceIncrement = def.getMinPriceIncrement();
      List<TickBand> bands = def.getTickBands();
      bandAbove = new long[bands.size()];
      bandIncrement = new long[bands.size()];
      bandFirst = new boolean[bands.size()];
      for (int i = 0; i < bands.size(); i++) {
        bandAbove[i] = bands.get(i).getAbovePrice();
        bandIncrement[i] = bands.get(i).getIncrement();
        bandFirst[i] = bands.get(i) == bands.get(0);
      }
      hi = def.getHighLimitPrice();
      lo = def.getLowLimitPrice();
    }

    /** The increment of the band that holds {@code price}; the first band includes 0. */
    long tickAt(long price) {
      long tick = minPriceIncrement;
      for (int i = 0; i < bandAbove.length; i++) {
        if (price > bandAbove[i] || bandFirst[i]) {
          tick = bandIncrement[i];
        }
      }
      return tick;
    }
  }

  /** Remembers an instrument's tick rules and limits for the checks of its events. */
  public void instrument(Instrument i) {
    int index = index(i.getInstrumentId());
    rules[index] = new Rules(i);
  }

  /** Checks one event; an empty list means clean. */
  public List<Finding> check(MarketEvent e) {
    List<Finding> out = null;
    long id = e.getInstrumentId();
    long sequence = e.getSequence();
    long tsEvent = e.getTsEvent();
    Object payload = e.getPayload();
    int index = index(id);
    // Identity of a record: the payload hash tells MBO fills of one venue message apart.
    if (!recent.add(id, sequence, tsEvent, payloadHash(payload))) {
      out =
          add(
              out,
              Check.DUPLICATE,
              id,
              "duplicate of a record with sequence " + sequence + " and ts_event " + tsEvent);
    }
    Rules def = rules[index];
    if (payload instanceof Mbo m) {
      out = checkSequence(m.getChannelId(), sequence, id, out);
      if (def != null && m.getPrice() != Dbn.UNDEF_PRICE) {
        out = checkTick(def, m.getPrice(), "order price", out);
      }
    } else if (payload instanceof Trade t) {
      if (def != null && t.getPrice() != Dbn.UNDEF_PRICE) {
        out = checkTick(def, t.getPrice(), "trade price", out);
        out = checkLimits(def, t.getPrice(), "trade price", out);
      }
    } else if (payload instanceof Quote q) {
      out = checkQuote(def, q, id, out);
    }
    out = checkSkew(e, out);
    out = checkStale(tsEvent, index, out);
    if (out == null) {
      return List.of();
    }
    for (Finding f : out) {
      int c = f.check().ordinal();
      Counter.Child counter = findingCounters[c];
      if (counter == null) {
        counter = FeedMetrics.QUALITY_FINDINGS.labels(source, f.check().label());
        findingCounters[c] = counter;
      }
      counter.inc();
    }
    return out;
  }

  private static List<Finding> add(List<Finding> out, Check check, long id, String reason) {
    List<Finding> list = out == null ? new ArrayList<>(2) : out;
    list.add(new Finding(check, id, reason));
    return list;
  }

  /** The instrument's index, growing the per-instrument arrays for a new one. */
  private int index(long id) {
    int index = ids.add(id);
    if (index == rules.length) {
      int n = index * 2;
      rules = Arrays.copyOf(rules, n);
      lastUpdate = Arrays.copyOf(lastUpdate, n);
      updated = Arrays.copyOf(updated, n);
      stale = Arrays.copyOf(stale, n);
    }
    return index;
  }

  private List<Finding> checkQuote(Rules def, Quote q, long id, List<Finding> out) {
    List<BookLevel> levels = q.getLevels();
    if (def != null) {
      for (int i = 0; i < levels.size(); i++) {
        BookLevel l = levels.get(i);
        if (l.getBidPx() != null) {
          out = checkTick(def, l.getBidPx(), "bid", out);
        }
        if (l.getAskPx() != null) {
          out = checkTick(def, l.getAskPx(), "ask", out);
        }
      }
    }
    if (!levels.isEmpty()) {
      BookLevel top = levels.get(0);
      if (top.getBidPx() != null && top.getAskPx() != null && top.getBidPx() > top.getAskPx()) {
        out =
            add(
                out,
                Check.CROSSED_BOOK,
                id,
                "crossed book: best bid "
                    + px(top.getBidPx())
                    + " > best ask "
                    + px(top.getAskPx()));
      }
    }
    return out;
  }

  private List<Finding> checkSequence(int channel, long sequence, long id, List<Finding> out) {
    long last;
    boolean seen;
    if (channel >= 0 && channel < CHANNELS) {
      last = lastMboSequence[channel];
      seen = channelSeen[channel];
      lastMboSequence[channel] = sequence;
      channelSeen[channel] = true;
    } else {
      Long previous = otherChannels.put(channel, sequence);
      seen = previous != null;
      last = seen ? previous : 0;
    }
    // Several MBO records of one venue message share its sequence; a step back is a new session.
    if (seen && sequence > last + 1) {
      out =
          add(
              out,
              Check.SEQUENCE_GAP,
              id,
              "sequence gap on channel "
                  + channel
                  + ": "
                  + last
                  + " -> "
                  + sequence
                  + " ("
                  + (sequence - last - 1)
                  + " missing)");
    }
    return out;
  }

  private static List<Finding> checkTick(Rules def, long price, String what, List<Finding> out) {
    long tick = def.tickAt(price);
    if (tick > 0 && Math.floorMod(price, tick) != 0) {
      out =
          add(
              out,
              Check.OFF_TICK,
              def.def.getInstrumentId(),
              what
                  + " "
                  + px(price)
                  + " is off the tick grid of "
                  + px(tick)
                  + " for "
                  + def.def.getRawSymbol());
    }
    return out;
  }

  private static List<Finding> checkLimits(Rules def, long price, String what, List<Finding> out) {
    Long hi = def.hi;
    Long lo = def.lo;
    if ((hi != null && price > hi) || (lo != null && price < lo)) {
      out =
          add(
              out,
              Check.OUTSIDE_LIMITS,
              def.def.getInstrumentId(),
              what
                  + " "
                  + px(price)
                  + " outside the limits ["
                  + (lo == null ? "-" : px(lo))
                  + ", "
                  + (hi == null ? "-" : px(hi))
                  + "] of "
                  + def.def.getRawSymbol());
    }
    return out;
  }

  private List<Finding> checkSkew(MarketEvent e, List<Finding> out) {
    // A flagged ts_recv is known to be unreliable; skew on it says nothing about the feed.
    if ((e.getFlags() & F_BAD_TS_RECV) != 0
        || e.getTsEvent() == Dbn.UNDEF_TIMESTAMP
        || e.getTsRecv() == Dbn.UNDEF_TIMESTAMP) {
      return out;
    }
    long skew = e.getTsRecv() - e.getTsEvent();
    if (Math.abs(skew) > maxSkewNanos) {
      out =
          add(
              out,
              Check.CLOCK_SKEW,
              e.getInstrumentId(),
              "ts_recv - ts_event = " + skew + " ns, above " + maxSkewNanos + " ns");
    }
    return out;
  }

  /**
   * Marks the instruments that have not updated for {@code stale_after} while this event shows the
   * feed is alive; one finding per instrument until it updates again. A pause of the whole feed
   * longer than {@code stale_after} (a session break, a failover gap) is not staleness: the
   * instruments' clocks start again from the first event after it.
   */
  private List<Finding> checkStale(long t, int index, List<Finding> out) {
    if (t == Dbn.UNDEF_TIMESTAMP) {
      return out;
    }
    if (latest == Long.MIN_VALUE || t - latest > staleAfterNanos) {
      activeSince = t;
      lastScan = t;
    }
    latest = Math.max(latest, t);
    if (!updated[index]) {
      updated[index] = true;
      lastUpdate[index] = t;
    } else if (t > lastUpdate[index]) {
      lastUpdate[index] = t;
    }
    if (staleCount > 0 && stale[index]) {
      stale[index] = false;
      staleCount--;
      staleGauge().set(staleCount);
    }
    // Scanning every instrument on each event would cost O(instruments) per event.
    if (latest - lastScan < scanEvery) {
      return out;
    }
    lastScan = latest;
    for (int i = 0, n = ids.size(); i < n; i++) {
      if (!updated[i] || stale[i]) {
        continue;
      }
      long since = Math.max(lastUpdate[i], activeSince);
      if (latest - since > staleAfterNanos) {
        stale[i] = true;
        staleCount++;
        long id = ids.key(i);
        Rules def = rules[i];
        out =
            add(
                out,
                Check.STALE_INSTRUMENT,
                id,
                (def == null ? "instrument " + id : def.def.getRawSymbol())
                    + " has not updated for "
                    + (latest - lastUpdate[i]) / 1_000_000_000L
                    + " s (last ts_event "
                    + lastUpdate[i]
                    + ") while other instruments update");
      }
    }
    staleGauge().set(staleCount);
    return out;
  }

  private Gauge.Child staleGauge() {
    if (staleGauge == null) {
      staleGauge = FeedMetrics.STALE_INSTRUMENTS.labels(source);
    }
    return staleGauge;
  }

  /**
   * A hash of the payload's fields. MBO and trade payloads (nearly every event) are hashed field by
   * field: Avro's generic {@code hashCode} walks the schema per record and was the monitor's
   * largest cost.
   */
  static long payloadHash(Object payload) {
    if (payload instanceof Mbo m) {
      long h = m.getOrderId();
      h = h * 31 + m.getPrice();
      h = h * 31 + m.getSize();
      h = h * 31 + m.getChannelId();
      h = h * 31 + (m.getAction() == null ? -1 : m.getAction().ordinal());
      return h * 31 + (m.getSide() == null ? -1 : m.getSide().ordinal());
    } else if (payload instanceof Trade t) {
      long h = t.getPrice();
      h = h * 31 + t.getSize();
      h = h * 31 + t.getDepth();
      return h * 31 + (t.getSide() == null ? -1 : t.getSide().ordinal());
    }
    return payload.hashCode();
  }

  /** Instruments currently stale. */
  public int staleInstruments() {
    return staleCount;
  }

  private static String px(long price) {
    return BigDecimal.valueOf(price, 9).stripTrailingZeros().toPlainString();
  }
}
