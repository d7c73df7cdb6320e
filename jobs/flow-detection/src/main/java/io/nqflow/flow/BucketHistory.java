package io.nqflow.flow;

/**
 * Contracts traded in one time-of-day bucket in each of the last N sessions of one instrument: a
 * ring in keyed state, oldest overwritten first. A Flink POJO.
 */
public final class BucketHistory {
  /** Session (epoch day of its close) of each ring slot. */
  public long[] sessions;

  /** Contracts in the bucket in that session. */
  public long[] contracts;

  /** Filled slots. */
  public int count;

  /** Next slot to write. */
  public int next;

  public BucketHistory() {}

  public static BucketHistory empty(int sessionsKept) {
    BucketHistory h = new BucketHistory();
    h.sessions = new long[sessionsKept];
    h.contracts = new long[sessionsKept];
    return h;
  }

  /** Records a finished session's contracts in this bucket. */
  public void record(long session, long bucketContracts) {
    sessions[next] = session;
    contracts[next] = bucketContracts;
    next = (next + 1) % sessions.length;
    count = Math.min(count + 1, sessions.length);
  }

  /** Mean contracts per bucket over the kept sessions; NaN when none. */
  public double mean() {
    if (count == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += contracts[i];
    }
    return sum / count;
  }

  /** Sample standard deviation of contracts per bucket; 0 with fewer than two sessions. */
  public double stddev() {
    if (count < 2) {
      return 0;
    }
    double m = mean();
    double ss = 0;
    for (int i = 0; i < count; i++) {
      double d = contracts[i] - m;
      ss += d * d;
    }
    return Math.sqrt(ss / (count - 1));
  }
}
