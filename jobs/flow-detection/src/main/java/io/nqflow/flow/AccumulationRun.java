package io.nqflow.flow;

import java.util.Arrays;

/**
 * The open run of the accumulation pattern for one instrument and aggressor side: its trades in
 * event order, oldest first, at most {@link #CAP}. Only what the rule and the signal need is kept
 * per trade (time, contracts, premium). A Flink POJO in keyed state.
 */
public final class AccumulationRun {
  /**
   * Hard cap on the trades a run keeps; a longer run is judged on its newest {@code CAP} trades. At
   * the default $100k minimum premium a run needs more only when its trades average under $98 of
   * premium each (1-lot trades of options under 4.9 points).
   */
  public static final int CAP = 1024;

  /** ts_event of each trade, ns since the epoch. */
  public long[] tsEvent;

  /** Contracts of each trade. */
  public long[] size;

  /** Premium of each trade, USD. */
  public double[] premiumUsd;

  /** Index of the oldest trade kept. */
  public int head;

  /** Trades kept, from {@link #head}. */
  public int count;

  public AccumulationRun() {}

  public static AccumulationRun empty() {
    AccumulationRun r = new AccumulationRun();
    r.tsEvent = new long[16];
    r.size = new long[16];
    r.premiumUsd = new double[16];
    return r;
  }

  /** ts_event of the i-th trade kept (0 = oldest), ns. */
  public long ts(int i) {
    return tsEvent[head + i];
  }

  public long size(int i) {
    return size[head + i];
  }

  public double premium(int i) {
    return premiumUsd[head + i];
  }

  /** Drops the oldest {@code n} trades. */
  public void dropOldest(int n) {
    head += n;
    count -= n;
    if (count == 0) {
      head = 0;
    }
  }

  /** Appends a trade, dropping the oldest when {@link #CAP} trades are kept already. */
  public void add(long ts, long contracts, double premium) {
    if (count == CAP) {
      dropOldest(1);
    }
    if (head + count == tsEvent.length) {
      if (head > 0) {
        System.arraycopy(tsEvent, head, tsEvent, 0, count);
        System.arraycopy(size, head, size, 0, count);
        System.arraycopy(premiumUsd, head, premiumUsd, 0, count);
        head = 0;
      } else {
        int n = Math.min(CAP, tsEvent.length * 2);
        tsEvent = Arrays.copyOf(tsEvent, n);
        size = Arrays.copyOf(size, n);
        premiumUsd = Arrays.copyOf(premiumUsd, n);
      }
    }
    int at = head + count;
    tsEvent[at] = ts;
    size[at] = contracts;
    premiumUsd[at] = premium;
    count++;
  }
}
