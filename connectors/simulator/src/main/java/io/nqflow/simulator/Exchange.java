package io.nqflow.simulator;

import io.nqflow.market.Prices;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Order entry and matching on the instruments' books: every change to a book is recorded as an MBO
 * record of the open event. Order ids are assigned here, one counter for all participants.
 */
final class Exchange {
  private final Scheduler clock;
  private final DbnEmitter out;
  private final Consumer<LiveInstrument> afterTrade;
  private long nextOrderId;

  /**
   * @param afterTrade called once per aggressive order that filled anything (makers refill)
   */
  Exchange(
      Scheduler clock, DbnEmitter out, long firstOrderId, Consumer<LiveInstrument> afterTrade) {
    this.clock = clock;
    this.out = out;
    this.nextOrderId = firstOrderId;
    this.afterTrade = afterTrade;
  }

  /** The id the next order will get. */
  long nextOrderId() {
    return nextOrderId;
  }

  /** Rests a new order; returns its id. */
  long add(LiveInstrument l, char side, long price, int size, int owner) {
    long id = nextOrderId++;
    l.book.add(id, side, price, size, owner);
    out.record(l, id, price, size, 'A', side);
    return id;
  }

  /** Changes a resting order's price and size. */
  void modify(LiveInstrument l, long id, char side, long price, int size) {
    l.book.modify(id, price, size);
    out.record(l, id, price, size, 'M', side);
  }

  /** Takes {@code size} off a resting order. */
  void cancel(LiveInstrument l, OrderBook.Order o, int size) {
    l.book.cancel(o.id, size);
    out.record(l, o.id, o.price, size, 'C', o.side);
  }

  /** An aggressive order limited to the best opposite price; no fill if that side is empty. */
  Fill aggressTop(LiveInstrument l, char side, int qty) {
    long best = side == 'B' ? l.book.bestAsk() : l.book.bestBid();
    if (best < 0) {
      return new Fill(0, 0, 0, clock.now());
    }
    return aggress(l, side, qty, best, false);
  }

  /**
   * One aggressive order matched in one event: a T record per price level (aggressor side), an F
   * per resting order filled, then a C per resting order reduced (T and F do not change the book).
   */
  Fill aggress(LiveInstrument l, char side, int qty, long limit, boolean multiLevel) {
    char opp = side == 'B' ? 'A' : 'B';
    long aggressorId = nextOrderId++;
    int remaining = qty;
    int levels = 0;
    double premium = 0;
    List<long[]> fills = new ArrayList<>();
    out.begin();
    for (Map.Entry<Long, ArrayDeque<OrderBook.Order>> e : l.book.side(opp).entrySet()) {
      long p = e.getKey();
      if (remaining == 0 || (side == 'B' ? p > limit : p < limit) || (levels > 0 && !multiLevel)) {
        break;
      }
      int levelQty = 0;
      int firstFill = fills.size();
      for (OrderBook.Order o : e.getValue()) {
        int take = Math.min(o.size, remaining);
        fills.add(new long[] {o.id, p, take});
        remaining -= take;
        levelQty += take;
        if (remaining == 0) {
          break;
        }
      }
      out.record(l, aggressorId, p, levelQty, 'T', side);
      for (int k = firstFill; k < fills.size(); k++) {
        out.record(l, fills.get(k)[0], p, (int) fills.get(k)[2], 'F', opp);
      }
      premium += Prices.toDouble(p) * levelQty * l.ins.multiplier();
      levels++;
    }
    for (long[] x : fills) {
      cancel(l, l.book.get(x[0]), (int) x[2]);
    }
    long ts = out.eventTs();
    out.commit();
    int done = qty - remaining;
    if (done > 0) {
      l.volume += done;
      afterTrade.accept(l);
    }
    return new Fill(done, premium, levels, ts);
  }
}
