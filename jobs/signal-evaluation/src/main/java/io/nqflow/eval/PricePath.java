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
   * The arrays are compacted only once a quarter of them (at least 64 prints) can go, so pruning
   * after every print costs O(log n) amortized; until then older prints stay (harmless: a signal is
   * followed from its own time).
   */
  public void pruneBefore(long t) {
    // the last index whose successor is still before t (prints are in time order)
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (ts[mid] < t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int keepFrom = size == 0 ? 0 : lo;
    if (keepFrom < Math.max(64, size / 4)) {
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
