package io.nqflow.flow;

/**
 * The detection window of one instrument as a ring of equal time slices: contracts, aggressor
 * split, premium and signed delta per slice. A Flink POJO kept in keyed state; the window at time t
 * is the slices whose index lies in (slice(t) - n, slice(t)].
 */
public final class WindowSlices {
  /** Absolute slice index (event time / slice length) held in each ring slot; -1 when empty. */
  public long[] index;

  public long[] contracts;
  public long[] buyContracts;
  public long[] sellContracts;

  /** Premium in USD. */
  public double[] premiumUsd;

  /** Signed contract delta: aggressor sign x contracts x option delta x multiplier. */
  public double[] signedDelta;

  /**
   * Contracts of the slice's largest aggressive order (its trades at one {@code ts_event} and
   * aggressor side: a sweep's levels are one order); null in state written before it was kept.
   */
  public long[] largest;

  /** ts_event of the last trade added, ns (the order it belongs to). */
  public long orderTs;

  /** Aggressor sign of the last trade's order. */
  public int orderSign;

  /** Contracts of the last trade's order so far. */
  public long orderContracts;

  public WindowSlices() {}

  public static WindowSlices empty(int n) {
    WindowSlices w = new WindowSlices();
    w.index = new long[n];
    java.util.Arrays.fill(w.index, -1);
    w.contracts = new long[n];
    w.buyContracts = new long[n];
    w.sellContracts = new long[n];
    w.premiumUsd = new double[n];
    w.signedDelta = new double[n];
    w.largest = new long[n];
    return w;
  }

  /**
   * Adds a trade to its slice; trades at the previous trade's {@code tsEvent} and aggressor side
   * count as one order for the slice's largest. Returns false when the trade is older than the
   * window the ring holds (it still counts for the session, not for the window).
   */
  public boolean add(
      long slice, long tsEvent, long size, int aggressorSign, double premium, double delta) {
    int n = index.length;
    int slot = (int) Math.floorMod(slice, (long) n);
    if (index[slot] > slice) {
      return false;
    }
    if (largest == null) {
      largest = new long[n];
    }
    if (index[slot] != slice) {
      index[slot] = slice;
      largest[slot] = 0;
      contracts[slot] = 0;
      buyContracts[slot] = 0;
      sellContracts[slot] = 0;
      premiumUsd[slot] = 0;
      signedDelta[slot] = 0;
    }
    contracts[slot] += size;
    if (aggressorSign > 0) {
      buyContracts[slot] += size;
    } else if (aggressorSign < 0) {
      sellContracts[slot] += size;
    }
    premiumUsd[slot] += premium;
    signedDelta[slot] += delta;
    if (tsEvent == orderTs && aggressorSign == orderSign) {
      orderContracts += size;
    } else {
      orderTs = tsEvent;
      orderSign = aggressorSign;
      orderContracts = size;
    }
    largest[slot] = Math.max(largest[slot], orderContracts);
    return true;
  }

  /** Sums of the window ending with slice {@code current}. */
  public Totals totals(long current) {
    Totals t = new Totals();
    int n = index.length;
    for (int i = 0; i < n; i++) {
      if (index[i] > current - n && index[i] <= current) {
        t.contracts += contracts[i];
        t.buyContracts += buyContracts[i];
        t.sellContracts += sellContracts[i];
        t.premiumUsd += premiumUsd[i];
        t.signedDelta += signedDelta[i];
        if (largest != null) {
          t.largest = Math.max(t.largest, largest[i]);
        }
      }
    }
    return t;
  }

  /** Window sums. */
  public static final class Totals {
    public long contracts;
    public long buyContracts;
    public long sellContracts;
    public double premiumUsd;
    public double signedDelta;

    /** Contracts of the window's largest trade. */
    public long largest;
  }
}
