package io.nqflow.flow.baseline;

import io.nqflow.flow.BucketHistory;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.SessionVolume;
import org.apache.flink.api.common.state.MapState;

/**
 * The rolling volume baseline shared by the detectors: contracts per time-of-day bucket over the
 * last N sessions (in keyed {@link BucketHistory} state), with the session-to-date fallback before
 * enough sessions exist. See docs/algorithms.md, "Baselines".
 */
public final class Baselines {
  private Baselines() {}

  /**
   * Expected contracts per window and where the figure came from.
   *
   * @param perWindow expected contracts per window (floored)
   * @param source {@code history}, {@code session_to_date} or {@code floor}
   * @param sessions sessions behind a history baseline, 0 otherwise
   * @param stddevPerWindow spread of the history baseline per window, 0 otherwise
   */
  public record Expected(double perWindow, String source, int sessions, double stddevPerWindow) {}

  /**
   * Counts a trade into the session's buckets, rolling the session first when the trade opens a new
   * one. Returns the trade's bucket, or -1 for a trade of an earlier session than the one being
   * counted (a venue correction; it counts nowhere).
   */
  public static int count(
      SessionVolume s,
      long ts,
      long size,
      MapState<Integer, BucketHistory> history,
      SessionClock clock,
      int sessionsKept)
      throws Exception {
    long session = clock.session(ts);
    if (session != s.session) {
      if (session < s.session) {
        return -1;
      }
      roll(s, session, ts, history, clock, sessionsKept);
    }
    int bucket = clock.bucket(ts);
    s.contracts += size;
    s.bucketContracts[bucket] += size;
    return bucket;
  }

  /**
   * Moves a finished session's bucket volumes into the history (from the bucket of its first trade
   * on, zeros included: a quiet bucket is information) and starts the new session.
   */
  static void roll(
      SessionVolume s,
      long session,
      long ts,
      MapState<Integer, BucketHistory> history,
      SessionClock clock,
      int sessionsKept)
      throws Exception {
    if (s.session != 0 && s.bucketContracts != null) {
      int first = clock.bucket(s.firstTradeTs);
      for (int b = first; b < s.bucketContracts.length; b++) {
        BucketHistory h = history.get(b);
        if (h == null) {
          h = BucketHistory.empty(sessionsKept);
        }
        h.record(s.session, s.bucketContracts[b]);
        history.put(b, h);
      }
    }
    s.session = session;
    s.firstTradeTs = ts;
    s.contracts = 0;
    s.bucketContracts = new long[clock.bucketsPerSession()];
  }

  /**
   * Expected contracts per window at {@code ts}: the bucket's history mean scaled to the window
   * once {@code minHistorySessions} sessions exist, else the session-to-date mean per window of the
   * trading before the current window; floored at {@code minBaselineContracts}.
   */
  public static Expected expected(
      SessionVolume s,
      int bucket,
      long ts,
      long windowContracts,
      MapState<Integer, BucketHistory> history,
      FlowDetectionSettings settings)
      throws Exception {
    double floor = settings.minBaselineContracts();
    long windowNanos = settings.window().toNanos();
    BucketHistory h = history.get(bucket);
    if (h != null && h.count >= settings.minHistorySessions()) {
      double scale = windowNanos / (double) settings.bucket().toNanos();
      double mean = h.mean() * scale;
      return new Expected(
          Math.max(floor, mean), mean >= floor ? "history" : "floor", h.count, h.stddev() * scale);
    }
    long before = s.contracts - windowContracts;
    long span = Math.max(windowNanos, ts - windowNanos - s.firstTradeTs);
    double mean = before * (windowNanos / (double) span);
    return new Expected(Math.max(floor, mean), mean >= floor ? "session_to_date" : "floor", 0, 0);
  }
}
