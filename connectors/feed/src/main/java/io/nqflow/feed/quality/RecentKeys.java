package io.nqflow.feed.quality;

/**
 * The last {@code window} distinct record keys (instrument, sequence, ts_event, payload hash), for
 * duplicate detection, in primitive arrays: a ring in insertion order and an open-addressing index
 * into it. It behaves as an insertion-ordered map that drops its eldest key past {@code window}
 * entries, without allocating per record or chasing pointers through a 64k-entry linked map (that
 * was the feed's hottest spot). Not thread-safe.
 */
final class RecentKeys {
  private final int window;
  private final long[] instrument;
  private final long[] sequence;
  private final long[] tsEvent;
  private final long[] payloadHash;

  /** Ring position + 1 of the key in each slot; 0 = empty. Capacity 4 x window: short probes. */
  private final int[] index;

  private final int mask;
  private int head;
  private int size;

  RecentKeys(int window) {
    if (Integer.bitCount(window) != 1) {
      throw new IllegalArgumentException("window must be a power of two: " + window);
    }
    this.window = window;
    instrument = new long[window];
    sequence = new long[window];
    tsEvent = new long[window];
    payloadHash = new long[window];
    index = new int[window * 4];
    mask = index.length - 1;
  }

  /**
   * Adds the key unless it is already held.
   *
   * @return false when the key was already held (a duplicate); then nothing changes
   */
  boolean add(long id, long seq, long ts, long hash) {
    int slot = slot(id, seq, ts, hash);
    for (int p; (p = index[slot]) != 0; slot = (slot + 1) & mask) {
      int r = p - 1;
      if (instrument[r] == id && sequence[r] == seq && tsEvent[r] == ts && payloadHash[r] == hash) {
        return false;
      }
    }
    int r;
    if (size == window) {
      // Full: the eldest key leaves, its ring position takes the new key.
      r = head;
      remove(r);
      head = (head + 1) & (window - 1);
      slot = slot(id, seq, ts, hash);
      while (index[slot] != 0) {
        slot = (slot + 1) & mask;
      }
    } else {
      r = (head + size) & (window - 1);
      size++;
    }
    instrument[r] = id;
    sequence[r] = seq;
    tsEvent[r] = ts;
    payloadHash[r] = hash;
    index[slot] = r + 1;
    return true;
  }

  int size() {
    return size;
  }

  /** Removes ring position {@code r} from the index (linear probing: shift the cluster back). */
  private void remove(int r) {
    int slot = slot(instrument[r], sequence[r], tsEvent[r], payloadHash[r]);
    while (index[slot] != r + 1) {
      slot = (slot + 1) & mask;
    }
    int hole = slot;
    for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
      int q = index[next] - 1;
      int home = slot(instrument[q], sequence[q], tsEvent[q], payloadHash[q]);
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        index[hole] = index[next];
        hole = next;
      }
    }
    index[hole] = 0;
  }

  private int slot(long id, long seq, long ts, long hash) {
    long h = id * 0x9E3779B97F4A7C15L;
    h = (h ^ seq) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ ts) * 0x165667B19E3779F9L;
    h = (h ^ hash) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
