package io.nqflow.simulator;

import static io.nqflow.dbn.Flags.F_LAST;
import static io.nqflow.simulator.Simulator.PUBLISHER_ID;

import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.TradeMsg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the session's MBO and trades records. Records are grouped into events: {@link #begin}
 * opens one (nested calls join it) with its event time, receive time and sequence number, {@link
 * #record} buffers, and the outermost {@link #commit} writes them so F_LAST can mark the last
 * record of each instrument (and the last trade) in the event.
 *
 * <p>Each session's books start empty, so the first MBO record of each instrument in a session is
 * preceded by a clear ({@code R}, side {@code N}, order id 0, undefined price, size 0) in the same
 * event, as Databento starts an instrument's MBO snapshot: a consumer that kept the book of the
 * previous session drops its orders, which the simulator never cancels at a close.
 */
final class DbnEmitter {
  private final Scheduler clock;
  private final SessionRandom rnd;
  private final DbnEncoder mbo;
  private final DbnEncoder trades;
  private long lastTs;
  private long lastRecv;
  private long sequence;

  private int eventDepth;
  private long evTs;
  private long evRecv;
  private int evDelta;
  private final List<long[]> evRecs = new ArrayList<>();
  private final java.util.Set<Long> cleared = new java.util.HashSet<>();

  /**
   * @param mbo the MBO file, or null on days that keep only trades
   */
  DbnEmitter(
      Scheduler clock,
      SessionRandom rnd,
      long open,
      long firstSequence,
      DbnEncoder mbo,
      DbnEncoder trades) {
    this.clock = clock;
    this.rnd = rnd;
    this.mbo = mbo;
    this.trades = trades;
    this.lastTs = open;
    this.lastRecv = open;
    this.sequence = firstSequence;
  }

  /** The sequence number of the last event. */
  long sequence() {
    return sequence;
  }

  /** The event time of the open event, ns. */
  long eventTs() {
    return evTs;
  }

  void begin() {
    if (eventDepth++ == 0) {
      evTs = Math.max(clock.now(), lastTs + 200 + rnd.nextInt(2_000));
      lastTs = evTs;
      evRecv = Math.max(lastRecv + 1, evTs + 3_000 + rnd.nextInt(40_000));
      lastRecv = evRecv;
      evDelta = 1_500 + rnd.nextInt(12_000);
      sequence++;
    }
  }

  /** Buffers one MBO record of the open event (a trade action also goes to the trades file). */
  void record(LiveInstrument l, long orderId, long price, int size, char action, char side) {
    evRecs.add(new long[] {l.ins.id(), orderId, price, size, action, side});
  }

  void commit() {
    if (--eventDepth > 0) {
      return;
    }
    int n = evRecs.size();
    int lastTrade = -1;
    for (int i = 0; i < n; i++) {
      if (evRecs.get(i)[4] == 'T') {
        lastTrade = i;
      }
    }
    try {
      for (int i = 0; i < n; i++) {
        long[] r = evRecs.get(i);
        boolean last = true;
        for (int j = i + 1; j < n; j++) {
          if (evRecs.get(j)[0] == r[0]) {
            last = false;
            break;
          }
        }
        char action = (char) r[4];
        char side = (char) r[5];
        if (mbo != null && cleared.add(r[0])) {
          mbo.write(
              new MboMsg(
                  RecordHeader.of(RType.MBO, PUBLISHER_ID, r[0], evTs),
                  0,
                  Dbn.UNDEF_PRICE,
                  0,
                  0,
                  0,
                  'R',
                  'N',
                  evRecv,
                  evDelta,
                  sequence));
        }
        if (mbo != null) {
          mbo.write(
              new MboMsg(
                  RecordHeader.of(RType.MBO, PUBLISHER_ID, r[0], evTs),
                  r[1],
                  r[2],
                  r[3],
                  last ? F_LAST : 0,
                  0,
                  action,
                  side,
                  evRecv,
                  evDelta,
                  sequence));
        }
        if (action == 'T') {
          trades.write(
              new TradeMsg(
                  RecordHeader.of(RType.MBP_0, PUBLISHER_ID, r[0], evTs),
                  r[2],
                  r[3],
                  'T',
                  side,
                  i == lastTrade ? F_LAST : 0,
                  0,
                  evRecv,
                  evDelta,
                  sequence));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    evRecs.clear();
  }
}
