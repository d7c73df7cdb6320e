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

  /**
   * The open-addressing index, capacity 4 x window (short probes): per slot the key's hash (never
   * 0; 0 = empty) and its ring position. Probing and shifting read only these two arrays.
   */
  private final long[] slotHash;

  private final int[] slotPos;

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
    slotHash = new long[window * 4];
    slotPos = new int[window * 4];
    mask = slotHash.length - 1;
  }

  /**
   * Adds the key unless it is already held.
   *
   * @return false when the key was already held (a duplicate); then nothing changes
   */
  boolean add(long id, long seq, long ts, long hash) {
    long h = hash(id, seq, ts, hash);
    int slot = (int) h & mask;
    for (long sh; (sh = slotHash[slot]) != 0; slot = (slot + 1) & mask) {
      int r = slotPos[slot];
      if (sh == h
          && instrument[r] == id
          && sequence[r] == seq
          && tsEvent[r] == ts
          && payloadHash[r] == hash) {
        return false;
      }
    }
    int r;
    if (size == window) {
      // Full: the eldest key leaves, its ring position takes the new key.
      r = head;
      remove(r);
      head = (head + 1) & (window - 1);
      slot = (int) h & mask;
      while (slotHash[slot] != 0) {
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
    slotHash[slot] = h;
    slotPos[slot] = r;
    return true;
  }

  int size() {
    return size;
  }

  /** Removes ring position {@code r} from the index (linear probing: shift the cluster back). */
  private void remove(int r) {
    int slot = (int) hash(instrument[r], sequence[r], tsEvent[r], payloadHash[r]) & mask;
    while (slotHash[slot] == 0 || slotPos[slot] != r) {
      slot = (slot + 1) & mask;
    }
    int hole = slot;
    for (int next = (hole + 1) & mask; slotHash[next] != 0; next = (next + 1) & mask) {
      int home = (int) slotHash[next] & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slotHash[hole] = slotHash[next];
        slotPos[hole] = slotPos[next];
        hole = next;
      }
    }
    slotHash[hole] = 0;
  }

  /** A 64-bit hash of the key, never 0 (0 marks an empty slot). */
  private static long hash(long id, long seq, long ts, long hash) {
    long h = id * 0x9E3779B97F4A7C15L;
    h = (h ^ seq) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ ts) * 0x165667B19E3779F9L;
    h = (h ^ hash) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return h == 0 ? 1 : h;
  }
}
