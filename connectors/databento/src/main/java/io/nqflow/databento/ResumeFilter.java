package io.nqflow.databento;

import io.nqflow.dbn.DbnRecord;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers what was delivered so a session resumed with {@code start = last ts_event} delivers no
 * record twice.
 *
 * <p>The gateway replays every record with ts_event at or after the start, so after a reconnect the
 * records at exactly the last delivered ts_event come again. The filter keeps, for that one
 * timestamp, a multiset of the records delivered at it (their bytes without ts_out, which differs
 * per session): while resuming it drops records older than that timestamp and, at it, as many
 * copies of each record as were delivered; the first record past it ends the resume phase. Outside
 * a resume every record passes, so records that arrive with an older ts_event (streams are ordered
 * by receive time across instruments) are still delivered. Memory: the records of one timestamp.
 */
final class ResumeFilter {
  private boolean hasLast;
  private long lastTs;
  private final Map<ByteBuffer, Integer> atLast = new HashMap<>();
  private Map<ByteBuffer, Integer> replay;

  /** Whether any record was delivered (so a reconnect must resume rather than start afresh). */
  boolean hasDelivered() {
    return hasLast;
  }

  /** The newest ts_event delivered (valid when {@link #hasDelivered()}). */
  long lastTsEvent() {
    return lastTs;
  }

  /** Starts filtering the replay of a resumed session. */
  void beginResume() {
    replay = hasLast ? new HashMap<>(atLast) : null;
  }

  boolean resuming() {
    return replay != null;
  }

  /** True if {@code r} is new and should be delivered, false if it was delivered before. */
  boolean admit(DbnRecord r) {
    if (replay == null) {
      return true;
    }
    int c = Long.compareUnsigned(r.tsEvent(), lastTs);
    if (c < 0) {
      return false;
    }
    if (c == 0) {
      ByteBuffer k = key(r);
      Integer n = replay.get(k);
      if (n != null) {
        if (n == 1) {
          replay.remove(k);
        } else {
          replay.put(k, n - 1);
        }
        return false;
      }
      return true;
    }
    replay = null;
    return true;
  }

  /** Records that {@code r} was delivered. */
  void delivered(DbnRecord r) {
    long ts = r.tsEvent();
    if (!hasLast || Long.compareUnsigned(ts, lastTs) > 0) {
      hasLast = true;
      lastTs = ts;
      atLast.clear();
      atLast.put(key(r), 1);
    } else if (ts == lastTs) {
      atLast.merge(key(r), 1, Integer::sum);
    }
  }

  private static ByteBuffer key(DbnRecord r) {
    byte[] b = r.copyBytes();
    int len = r.hasTsOut() ? b.length - Long.BYTES : b.length;
    return ByteBuffer.wrap(b, 0, len).slice();
  }
}
