package io.nqflow.flow;

/**
 * Recent futures trades of one underlying for the confirmation stage's hedge check, in arrival
 * order, at most a cap (the oldest dropped first). A Flink POJO in keyed state (structure of
 * arrays).
 */
public final class FuturesPrints {
  public int count;

  /** ts_event, ns. */
  public long[] ts;

  /** Contracts, + bought by the aggressor, - sold. */
  public long[] signedSize;

  /** Contract multiplier, USD per index point. */
  public double[] multiplier;

  /** When the trade may be dropped, ms in the stage's time domain. */
  public long[] keptUntil;

  public FuturesPrints() {}

  public static FuturesPrints empty() {
    FuturesPrints p = new FuturesPrints();
    p.ts = new long[8];
    p.signedSize = new long[8];
    p.multiplier = new double[8];
    p.keptUntil = new long[8];
    return p;
  }

  /** Adds a trade; at {@code cap} trades the oldest is dropped first. Returns whether one was. */
  public boolean add(long tsEvent, long signed, double mult, long until, int cap) {
    boolean evicted = false;
    if (count >= cap) {
      remove(0);
      evicted = true;
    }
    if (count == ts.length) {
      int n = Math.max(8, count * 2);
      ts = java.util.Arrays.copyOf(ts, n);
      signedSize = java.util.Arrays.copyOf(signedSize, n);
      multiplier = java.util.Arrays.copyOf(multiplier, n);
      keptUntil = java.util.Arrays.copyOf(keptUntil, n);
    }
    ts[count] = tsEvent;
    signedSize[count] = signed;
    multiplier[count] = mult;
    keptUntil[count] = until;
    count++;
    return evicted;
  }

  /**
   * Signed exposure of the trades within {@code window} ns of {@code at} (either way): contracts x
   * multiplier (USD per index point), or contracts alone when {@code inContracts}.
   */
  public double exposure(long at, long window, boolean inContracts) {
    double sum = 0;
    for (int i = 0; i < count; i++) {
      if (Math.abs(ts[i] - at) <= window) {
        sum += signedSize[i] * (inContracts ? 1 : multiplier[i]);
      }
    }
    return sum;
  }

  /** Drops the trades kept until {@code now} or before; returns how many are left. */
  public int prune(long now) {
    int j = 0;
    for (int i = 0; i < count; i++) {
      if (keptUntil[i] > now) {
        ts[j] = ts[i];
        signedSize[j] = signedSize[i];
        multiplier[j] = multiplier[i];
        keptUntil[j] = keptUntil[i];
        j++;
      }
    }
    count = j;
    return count;
  }

  private void remove(int i) {
    int tail = count - i - 1;
    System.arraycopy(ts, i + 1, ts, i, tail);
    System.arraycopy(signedSize, i + 1, signedSize, i, tail);
    System.arraycopy(multiplier, i + 1, multiplier, i, tail);
    System.arraycopy(keptUntil, i + 1, keptUntil, i, tail);
    count--;
  }
}
