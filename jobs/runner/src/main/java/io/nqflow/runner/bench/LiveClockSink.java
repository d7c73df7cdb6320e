package io.nqflow.runner.bench;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.RunControl;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Statistic;
import io.nqflow.ops.v1.DeadLetter;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes a recorded session look live to the jobs: in front of the feed's publisher, it moves every
 * time of the history sessions and definitions by one shift (so they end where the live session
 * starts, at the wall clock's time of day) and, in live mode, publishes the events at a fixed rate
 * with {@code ts_event} and {@code ts_recv} set to the wall clock at the moment each event is
 * handed to the producer. That moment is the benchmark's {@code t_publish}: a signal's {@code
 * ts_event} is its trigger's.
 *
 * <p>Events that share one recorded {@code ts_event} (the records of one match, e.g. a sweep
 * through several levels) are handed over back to back with one shared time, as a venue sends them
 * in one packet, so that the detectors still see them as one event.
 */
final class LiveClockSink implements FeedSink {
  private final FeedSink out;
  private final long shiftNanos;
  private final boolean live;
  private final long intervalNanos;
  private final long maxEvents;
  private final long maxNanos;
  private final RunControl control;

  private long published;
  private long startNanos;
  private long firstTs;
  private long lastRecordedTs = Long.MIN_VALUE;
  private long lastTs;

  private LiveClockSink(
      FeedSink out,
      long shiftNanos,
      boolean live,
      int rate,
      long maxEvents,
      long maxNanos,
      RunControl control) {
    this.out = out;
    this.shiftNanos = shiftNanos;
    this.live = live;
    this.intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
    this.maxEvents = maxEvents;
    this.maxNanos = maxNanos;
    this.control = control;
  }

  /** History: every time moved by {@code shiftNanos}, published as fast as the producer takes. */
  static LiveClockSink history(FeedSink out, long shiftNanos) {
    return new LiveClockSink(
        out, shiftNanos, false, 0, Long.MAX_VALUE, Long.MAX_VALUE, RunControl.fromStart());
  }

  /**
   * The live session: definitions moved by {@code shiftNanos}, events stamped with the wall clock
   * at {@code rate} events/s until {@code maxEvents} events or {@code maxNanos} of wall time, then
   * {@code control} is stopped.
   */
  static LiveClockSink live(
      FeedSink out, long shiftNanos, int rate, long maxEvents, long maxNanos, RunControl control) {
    return new LiveClockSink(out, shiftNanos, true, rate, maxEvents, maxNanos, control);
  }

  @Override
  public void instrument(Instrument i) {
    i.setTsEvent(i.getTsEvent() + shiftNanos);
    i.setTsRecv(i.getTsRecv() + shiftNanos);
    if (i.getExpiration() != null) {
      i.setExpiration(i.getExpiration() + shiftNanos);
    }
    if (i.getActivation() != null) {
      i.setActivation(i.getActivation() + shiftNanos);
    }
    out.instrument(i);
  }

  @Override
  public void event(MarketEvent e) {
    long recorded = e.getTsEvent();
    long ts;
    if (!live) {
      ts = recorded + shiftNanos;
    } else {
      if (control.stopRequested()) {
        return;
      }
      if (recorded != lastRecordedTs) {
        if (published == 0) {
          startNanos = System.nanoTime();
        } else if (published >= maxEvents || System.nanoTime() - startNanos >= maxNanos) {
          control.stop();
          return;
        }
        pace(startNanos + published * intervalNanos);
        // Strictly increasing, so that a signal's ts_event names one group of events.
        lastTs = Math.max(EpochNanos.now(), lastTs + 1);
        if (published == 0) {
          firstTs = lastTs;
        }
        lastRecordedTs = recorded;
      }
      ts = lastTs;
    }
    long moved = ts - recorded;
    e.setTsEvent(ts);
    e.setTsRecv(ts);
    if (e.getPayload() instanceof Statistic s && s.getTsRef() != null) {
      s.setTsRef(s.getTsRef() + moved);
    }
    out.event(e);
    published++;
  }

  /**
   * Waits until {@code due} (System.nanoTime); parks, since a spinning thread would take a core.
   */
  private static void pace(long due) {
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  @Override
  public void deadLetter(DeadLetter d) {
    out.deadLetter(d);
  }

  @Override
  public void flush() {
    out.flush();
  }

  /** Events handed to the producer. */
  long published() {
    return published;
  }

  /** The wall time (epoch ns) of the first live event; 0 before it. */
  long firstTs() {
    return firstTs;
  }

  /** Wall nanoseconds from the first to the last live event handed over. */
  long elapsedNanos() {
    return published == 0 ? 0 : lastTs - firstTs;
  }
}
