package io.nqflow.flow;

/**
 * Recent prices of one underlying future for as-of lookups: at most one price per second of event
 * time (the last), in a ring of {@link #CAPACITY} seconds. A Flink POJO in broadcast state.
 */
public final class UnderlyingHistory {
  /** Seconds of price history kept: how far the underlying's input may run ahead of an option's. */
  public static final int CAPACITY = 900;

  public String symbol;

  /** Event time of each slot's price, ns; ascending from {@link #start}. */
  public long[] ts;

  /** Price of each slot, 1e-9 fixed point. */
  public long[] price;

  /** Oldest slot. */
  public int start;

  /** Filled slots. */
  public int count;

  public UnderlyingHistory() {}

  public static UnderlyingHistory empty(String symbol) {
    UnderlyingHistory h = new UnderlyingHistory();
    h.symbol = symbol;
    h.ts = new long[CAPACITY];
    h.price = new long[CAPACITY];
    return h;
  }

  /**
   * Adds a price; one older than the newest kept is ignored (prices arrive per future in order).
   */
  public void add(long tsNanos, long px) {
    if (count > 0) {
      int last = (start + count - 1) % CAPACITY;
      if (tsNanos < ts[last]) {
        return;
      }
      if (tsNanos / 1_000_000_000L == ts[last] / 1_000_000_000L) {
        ts[last] = tsNanos;
        price[last] = px;
        return;
      }
    }
    if (count == CAPACITY) {
      start = (start + 1) % CAPACITY;
      count--;
    }
    int slot = (start + count) % CAPACITY;
    ts[slot] = tsNanos;
    price[slot] = px;
    count++;
  }

  /** The newest price; null when none. */
  public UnderlyingPrice latest() {
    if (count == 0) {
      return null;
    }
    int last = (start + count - 1) % CAPACITY;
    return new UnderlyingPrice(symbol, price[last], ts[last]);
  }

  /**
   * The last price at or before {@code tsNanos}; when every kept price is newer, the oldest kept
   * (the nearest known); null when none.
   */
  public UnderlyingPrice asOf(long tsNanos) {
    if (count == 0) {
      return null;
    }
    int lo = 0;
    int hi = count - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[(start + mid) % CAPACITY] <= tsNanos) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    int slot = (start + Math.max(found, 0)) % CAPACITY;
    return new UnderlyingPrice(symbol, price[slot], ts[slot]);
  }
}
