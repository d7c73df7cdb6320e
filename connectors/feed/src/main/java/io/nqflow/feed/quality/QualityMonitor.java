package io.nqflow.feed.quality;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.dbn.Dbn;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.TickBand;
import io.nqflow.md.v1.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data quality checks on normalized market data of one source: sequence gaps per MBO channel,
 * duplicates, prices off the tick grid or outside the limit prices, crossed books, clock skew and
 * stale instruments (no update for {@code stale_after} of event time while others update). Every
 * finding increments {@link FeedMetrics#QUALITY_FINDINGS}; the caller dead-letters the records
 * whose findings {@linkplain Finding#rejects() reject} them. Not thread-safe: one monitor per
 * source thread.
 */
public final class QualityMonitor {
  /** Recent record keys kept for duplicate detection; duplicates arrive close together. */
  static final int DEDUP_WINDOW = 1 << 16;

  private static final long F_BAD_TS_RECV = 8;

  private final String source;
  private final long maxSkewNanos;
  private final long staleAfterNanos;

  /** Event time of each instrument's last update. */
  private final Map<Long, Long> lastUpdate = new HashMap<>();

  private final Set<Long> stale = new HashSet<>();

  /** Start of the current stretch of activity: after a pause of the whole feed, clocks restart. */
  private long activeSince = Long.MIN_VALUE;

  private long latest = Long.MIN_VALUE;
  private long lastScan = Long.MIN_VALUE;
  private final Map<Long, Instrument> instruments = new HashMap<>();
  private final Map<Integer, Long> lastMboSequence = new HashMap<>();
  private final RecentKeys recent = new RecentKeys(DEDUP_WINDOW);

  public QualityMonitor(String source, QualityConfig cfg) {
    this.source = source;
    this.maxSkewNanos = cfg.maxClockSkew().toNanos();
    this.staleAfterNanos = cfg.staleAfter().toNanos();
  }

  /** Remembers an instrument's tick rules and limits for the checks of its events. */
  public void instrument(Instrument i) {
    instruments.put(i.getInstrumentId(), i);
  }

  /** Checks one event; an empty list means clean. */
  public List<Finding> check(MarketEvent e) {
    List<Finding> out = new ArrayList<>(0);
    long id = e.getInstrumentId();
    Object payload = e.getPayload();
    // Identity of a record: the payload hash tells MBO fills of one venue message apart.
    if (!recent.add(id, e.getSequence(), e.getTsEvent(), payloadHash(payload))) {
      out.add(
          new Finding(
              Check.DUPLICATE,
              id,
              "duplicate of a record with sequence "
                  + e.getSequence()
                  + " and ts_event "
                  + e.getTsEvent()));
    }
    if (payload instanceof Mbo m) {
      checkSequence(m.getChannelId(), e.getSequence(), id, out);
    }
    Instrument def = instruments.get(id);
    if (def != null) {
      if (payload instanceof Mbo m && m.getPrice() != Dbn.UNDEF_PRICE) {
        checkTick(def, m.getPrice(), "order price", out);
      } else if (payload instanceof Trade t && t.getPrice() != Dbn.UNDEF_PRICE) {
        checkTick(def, t.getPrice(), "trade price", out);
        checkLimits(def, t.getPrice(), "trade price", out);
      } else if (payload instanceof Quote q) {
        for (BookLevel l : q.getLevels()) {
          if (l.getBidPx() != null) {
            checkTick(def, l.getBidPx(), "bid", out);
          }
          if (l.getAskPx() != null) {
            checkTick(def, l.getAskPx(), "ask", out);
          }
        }
      }
    }
    if (payload instanceof Quote q && !q.getLevels().isEmpty()) {
      BookLevel top = q.getLevels().get(0);
      if (top.getBidPx() != null && top.getAskPx() != null && top.getBidPx() > top.getAskPx()) {
        out.add(
            new Finding(
                Check.CROSSED_BOOK,
                id,
                "crossed book: best bid "
                    + px(top.getBidPx())
                    + " > best ask "
                    + px(top.getAskPx())));
      }
    }
    checkSkew(e, out);
    checkStale(e, out);
    for (Finding f : out) {
      FeedMetrics.QUALITY_FINDINGS.labels(source, f.check().label()).inc();
    }
    return out;
  }

  private void checkSequence(int channel, long sequence, long id, List<Finding> out) {
    Long last = lastMboSequence.put(channel, sequence);
    // Several MBO records of one venue message share its sequence; a step back is a new session.
    if (last != null && sequence > last + 1) {
      out.add(
          new Finding(
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
                  + " missing)"));
    }
  }

  private static void checkTick(Instrument def, long price, String what, List<Finding> out) {
    long tick = tickAt(def, price);
    if (tick > 0 && Math.floorMod(price, tick) != 0) {
      out.add(
          new Finding(
              Check.OFF_TICK,
              def.getInstrumentId(),
              what
                  + " "
                  + px(price)
                  + " is off the tick grid of "
                  + px(tick)
                  + " for "
                  + def.getRawSymbol()));
    }
  }

  /** The increment of the band that holds {@code price}; the first band includes 0. */
  static long tickAt(Instrument def, long price) {
    long tick = def.getMinPriceIncrement();
    for (TickBand b : def.getTickBands()) {
      if (price > b.getAbovePrice() || b == def.getTickBands().get(0)) {
        tick = b.getIncrement();
      }
    }
    return tick;
  }

  private static void checkLimits(Instrument def, long price, String what, List<Finding> out) {
    Long hi = def.getHighLimitPrice();
    Long lo = def.getLowLimitPrice();
    if ((hi != null && price > hi) || (lo != null && price < lo)) {
      out.add(
          new Finding(
              Check.OUTSIDE_LIMITS,
              def.getInstrumentId(),
              what
                  + " "
                  + px(price)
                  + " outside the limits ["
                  + (lo == null ? "-" : px(lo))
                  + ", "
                  + (hi == null ? "-" : px(hi))
                  + "] of "
                  + def.getRawSymbol()));
    }
  }

  private void checkSkew(MarketEvent e, List<Finding> out) {
    // A flagged ts_recv is known to be unreliable; skew on it says nothing about the feed.
    if ((e.getFlags() & F_BAD_TS_RECV) != 0
        || e.getTsEvent() == Dbn.UNDEF_TIMESTAMP
        || e.getTsRecv() == Dbn.UNDEF_TIMESTAMP) {
      return;
    }
    long skew = e.getTsRecv() - e.getTsEvent();
    if (Math.abs(skew) > maxSkewNanos) {
      out.add(
          new Finding(
              Check.CLOCK_SKEW,
              e.getInstrumentId(),
              "ts_recv - ts_event = " + skew + " ns, above " + maxSkewNanos + " ns"));
    }
  }

  /**
   * Marks the instruments that have not updated for {@code stale_after} while this event shows the
   * feed is alive; one finding per instrument until it updates again. A pause of the whole feed
   * longer than {@code stale_after} (a session break, a failover gap) is not staleness: the
   * instruments' clocks start again from the first event after it.
   */
  private void checkStale(MarketEvent e, List<Finding> out) {
    long t = e.getTsEvent();
    if (t == Dbn.UNDEF_TIMESTAMP) {
      return;
    }
    if (latest == Long.MIN_VALUE || t - latest > staleAfterNanos) {
      activeSince = t;
      lastScan = t;
    }
    latest = Math.max(latest, t);
    long id = e.getInstrumentId();
    lastUpdate.merge(id, t, Math::max);
    if (!stale.isEmpty() && stale.remove(id)) {
      FeedMetrics.STALE_INSTRUMENTS.labels(source).set(stale.size());
    }
    // Scanning every instrument on each event would cost O(instruments) per event.
    if (latest - lastScan < Math.max(1, staleAfterNanos / 4)) {
      return;
    }
    lastScan = latest;
    for (Map.Entry<Long, Long> u : lastUpdate.entrySet()) {
      long since = Math.max(u.getValue(), activeSince);
      if (latest - since > staleAfterNanos && stale.add(u.getKey())) {
        Instrument def = instruments.get(u.getKey());
        out.add(
            new Finding(
                Check.STALE_INSTRUMENT,
                u.getKey(),
                (def == null ? "instrument " + u.getKey() : def.getRawSymbol())
                    + " has not updated for "
                    + (latest - u.getValue()) / 1_000_000_000L
                    + " s (last ts_event "
                    + u.getValue()
                    + ") while other instruments update"));
      }
    }
    FeedMetrics.STALE_INSTRUMENTS.labels(source).set(stale.size());
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
    return stale.size();
  }

  private static String px(long price) {
    return BigDecimal.valueOf(price, 9).stripTrailingZeros().toPlainString();
  }
}
