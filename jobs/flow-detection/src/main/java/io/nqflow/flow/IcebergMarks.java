package io.nqflow.flow;

import java.util.Arrays;

/**
 * Recent iceberg signals of one underlying for the confirmation stage's absorption check: per
 * signal its instrument, the resting (iceberg's) side and its trigger time. A Flink POJO in keyed
 * state (structure of arrays), at most {@link #CAP} marks, the oldest dropped first.
 */
public final class IcebergMarks {
  /** Marks kept per underlying at most. */
  public static final int CAP = 64;

  public int count;

  public long[] instrumentId;

  /** The iceberg signal's aggressor field: + resting bid (buyer), - resting offer (seller). */
  public int[] side;

  /** The iceberg signal's ts_event, ns. */
  public long[] ts;

  public IcebergMarks() {}

  public static IcebergMarks empty() {
    IcebergMarks m = new IcebergMarks();
    m.instrumentId = new long[4];
    m.side = new int[4];
    m.ts = new long[4];
    return m;
  }

  public void add(long instrument, int restingSide, long tsEvent) {
    if (count == CAP) {
      remove(0);
    }
    if (count == ts.length) {
      int n = Math.min(CAP, count * 2);
      instrumentId = Arrays.copyOf(instrumentId, n);
      side = Arrays.copyOf(side, n);
      ts = Arrays.copyOf(ts, n);
    }
    instrumentId[count] = instrument;
    side[count] = restingSide;
    ts[count] = tsEvent;
    count++;
  }

  /**
   * The index of a mark on {@code instrument} whose resting side is the opposite of {@code
   * aggressorSide} and whose trigger lies in [{@code from}, {@code to}] (ns), or -1.
   */
  public int against(long instrument, int aggressorSide, long from, long to) {
    for (int i = count - 1; i >= 0; i--) {
      if (instrumentId[i] == instrument
          && side[i] == -aggressorSide
          && ts[i] >= from
          && ts[i] <= to) {
        return i;
      }
    }
    return -1;
  }

  /** Drops the marks triggered before {@code before} (ns); returns how many are left. */
  public int prune(long before) {
    int w = 0;
    for (int i = 0; i < count; i++) {
      if (ts[i] >= before) {
        instrumentId[w] = instrumentId[i];
        side[w] = side[i];
        ts[w] = ts[i];
        w++;
      }
    }
    count = w;
    return count;
  }

  private void remove(int i) {
    System.arraycopy(instrumentId, i + 1, instrumentId, i, count - i - 1);
    System.arraycopy(side, i + 1, side, i, count - i - 1);
    System.arraycopy(ts, i + 1, ts, i, count - i - 1);
    count--;
  }
}
