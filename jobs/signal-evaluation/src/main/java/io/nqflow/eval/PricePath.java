package io.nqflow.eval;

import java.util.Arrays;

/**
 * The recent trade prints of one instrument, oldest first, kept so that a signal that arrives after
 * the market moved on is still followed from its own event time. A Flink POJO.
 */
public class PricePath {
  public long[] ts = new long[0];
  public long[] price = new long[0];
  public int size;

  public PricePath() {}

  /** Appends a print (its time not before the last one's). */
  public void add(long t, long p) {
    if (size == ts.length) {
      int n = Math.max(8, size * 2);
      ts = Arrays.copyOf(ts, n);
      price = Arrays.copyOf(price, n);
    }
    ts[size] = t;
    price[size] = p;
    size++;
  }

  /**
   * Forgets the prints before {@code t}, keeping the last one (the price in force at {@code t}).
   */
  public void pruneBefore(long t) {
    int keepFrom = 0;
    while (keepFrom < size - 1 && ts[keepFrom + 1] < t) {
      keepFrom++;
    }
    if (keepFrom == 0) {
      return;
    }
    int n = size - keepFrom;
    System.arraycopy(ts, keepFrom, ts, 0, n);
    System.arraycopy(price, keepFrom, price, 0, n);
    size = n;
    if (ts.length > 64 && size < ts.length / 4) {
      ts = Arrays.copyOf(ts, Math.max(8, size * 2));
      price = Arrays.copyOf(price, ts.length);
    }
  }

  /** Time of the oldest print kept, or Long.MAX_VALUE when none. */
  public long oldest() {
    return size == 0 ? Long.MAX_VALUE : ts[0];
  }
}
