package io.nqflow.flow;

import java.util.Arrays;

/**
 * The IFD v3 window of one instrument as a ring of time slices: aggressive contracts by side, the
 * sum of squared trade sizes (for the sign test), order-book activity by side and refills. A Flink
 * POJO in keyed state.
 */
public final class PressureSlices {
  public long[] index;
  public long[] aggBuy;
  public long[] aggSell;

  /** Sum of squared sizes of trades with a known aggressor, contracts^2. */
  public double[] sumSq;

  public long[] trades;
  public double[] premiumUsd;
  public long[] addBid;
  public long[] addAsk;
  public long[] cancelBid;
  public long[] cancelAsk;
  public long[] modifies;
  public long[] fills;

  /** Refills on the bid (a resting buyer replenishing) and on the ask. */
  public long[] refillBid;

  public long[] refillAsk;

  public PressureSlices() {}

  public static PressureSlices empty(int n) {
    PressureSlices p = new PressureSlices();
    p.index = new long[n];
    Arrays.fill(p.index, -1);
    p.aggBuy = new long[n];
    p.aggSell = new long[n];
    p.sumSq = new double[n];
    p.trades = new long[n];
    p.premiumUsd = new double[n];
    p.addBid = new long[n];
    p.addAsk = new long[n];
    p.cancelBid = new long[n];
    p.cancelAsk = new long[n];
    p.modifies = new long[n];
    p.fills = new long[n];
    p.refillBid = new long[n];
    p.refillAsk = new long[n];
    return p;
  }

  /** The ring slot of {@code slice}, reset when it held an older slice; -1 when too old. */
  public int slot(long slice) {
    int n = index.length;
    int slot = (int) Math.floorMod(slice, (long) n);
    if (index[slot] > slice) {
      return -1;
    }
    if (index[slot] != slice) {
      index[slot] = slice;
      aggBuy[slot] = 0;
      aggSell[slot] = 0;
      sumSq[slot] = 0;
      trades[slot] = 0;
      premiumUsd[slot] = 0;
      addBid[slot] = 0;
      addAsk[slot] = 0;
      cancelBid[slot] = 0;
      cancelAsk[slot] = 0;
      modifies[slot] = 0;
      fills[slot] = 0;
      refillBid[slot] = 0;
      refillAsk[slot] = 0;
    }
    return slot;
  }

  /** Window sums ending with slice {@code current}. */
  public Totals totals(long current) {
    Totals t = new Totals();
    int n = index.length;
    for (int i = 0; i < n; i++) {
      if (index[i] > current - n && index[i] <= current) {
        t.aggBuy += aggBuy[i];
        t.aggSell += aggSell[i];
        t.sumSq += sumSq[i];
        t.trades += trades[i];
        t.premiumUsd += premiumUsd[i];
        t.addBid += addBid[i];
        t.addAsk += addAsk[i];
        t.cancelBid += cancelBid[i];
        t.cancelAsk += cancelAsk[i];
        t.modifies += modifies[i];
        t.fills += fills[i];
        t.refillBid += refillBid[i];
        t.refillAsk += refillAsk[i];
      }
    }
    return t;
  }

  /** Window sums. */
  public static final class Totals {
    public long aggBuy;
    public long aggSell;
    public double sumSq;
    public long trades;
    public double premiumUsd;
    public long addBid;
    public long addAsk;
    public long cancelBid;
    public long cancelAsk;
    public long modifies;
    public long fills;
    public long refillBid;
    public long refillAsk;

    public long aggressive() {
      return aggBuy + aggSell;
    }

    /** (buy - sell) / (buy + sell) of aggressive contracts, 0 without trades. */
    public double imbalance() {
      long n = aggressive();
      return n == 0 ? 0 : (aggBuy - aggSell) / (double) n;
    }

    /** Size-weighted sign test: (buy - sell) / sqrt(sum of squared sizes). */
    public double z() {
      return sumSq <= 0 ? 0 : (aggBuy - aggSell) / Math.sqrt(sumSq);
    }

    /** min(bid adds, ask adds) / max(...): 1 = quoting both sides evenly. */
    public double twoSided() {
      long max = Math.max(addBid, addAsk);
      return max == 0 ? 0 : Math.min(addBid, addAsk) / (double) max;
    }

    /** Cancelled / added contracts. */
    public double cancelRatio() {
      long adds = addBid + addAsk;
      return adds == 0 ? 0 : (cancelBid + cancelAsk) / (double) adds;
    }
  }
}
