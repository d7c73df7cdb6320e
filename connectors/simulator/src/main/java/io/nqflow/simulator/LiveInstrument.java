package io.nqflow.simulator;

/**
 * One instrument's state during a session: its order book, the market maker's resting ladder and
 * whether an episode holds it.
 */
public final class LiveInstrument {
  final Instrument ins;
  final OrderBook book = new OrderBook();

  /** The market maker's order ids per ladder level, bids [0] and asks [1]; 0 where none rests. */
  final long[][] mm;

  long lastBid0 = Long.MIN_VALUE;
  long lastAsk0 = Long.MIN_VALUE;
  boolean dirty;
  boolean reconcilePending;
  long busyUntil;
  long volume;

  LiveInstrument(Instrument ins, int levels) {
    this.ins = ins;
    this.mm = new long[2][levels];
  }

  public Instrument instrument() {
    return ins;
  }

  public OrderBook book() {
    return book;
  }

  /** Until when an episode holds the instrument, ns; other episodes leave it alone till then. */
  public long busyUntil() {
    return busyUntil;
  }

  public void busyUntil(long t) {
    busyUntil = t;
  }
}
