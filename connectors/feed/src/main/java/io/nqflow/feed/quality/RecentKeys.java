package io.nqflow.feed.quality;

/**
 * The last {@code window} distinct record keys (instrument, sequence, ts_event, payload hash), for
 * duplicate detection, in primitive arrays: a ring in insertion order and an open-addressing index
 * into it. It behaves as an insertion-ordered map that drops its eldest key past {@code window}
 * entries, without allocating per record or chasing pointers through a 64k-entry linked map (that
 * was the feed's hottest spot). A key's four fields sit side by side in the ring, and a slot's hash
 * beside its ring position, so a lookup touches few cache lines. Not thread-safe.
 */
final class RecentKeys {
  private static final int FIELDS = 4;

  private final int window;

  /** The keys in insertion order, {@link #FIELDS} longs each. */
  private final long[] ring;

  /**
   * The open-addressing index, capacity 4 x window (short probes), two longs per slot: the key's
   * hash (never 0; 0 = empty) and its ring position. Probing and shifting read only this array.
   */
  private final long[] slots;

  private final int mask;
  private int head;
  private int size;

  RecentKeys(int window) {
    if (Integer.bitCount(window) != 1) {
      throw new IllegalArgumentException("window must be a power of two: " + window);
    }
    this.window = window;
    ring = new long[window * FIELDS];
    slots = new long[window * 4 * 2];
    mask = window * 4 - 1;
  }

  /**
   * Adds the key unless it is already held.
   *
   * @return false when the key was already held (a duplicate); then nothing changes
   */
  boolean add(long id, long seq, long ts, long hash) {
    long h = hash(id, seq, ts, hash);
    int slot = (int) h & mask;
    for (long sh; (sh = slots[2 * slot]) != 0; slot = (slot + 1) & mask) {
      int k = (int) slots[2 * slot + 1] * FIELDS;
      if (sh == h
          && ring[k] == id
          && ring[k + 1] == seq
          && ring[k + 2] == ts
          && ring[k + 3] == hash) {
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
      while (slots[2 * slot] != 0) {
        slot = (slot + 1) & mask;
      }
    } else {
      r = (head + size) & (window - 1);
      size++;
    }
    int k = r * FIELDS;
    ring[k] = id;
    ring[k + 1] = seq;
    ring[k + 2] = ts;
    ring[k + 3] = hash;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = r;
    return true;
  }

  int size() {
    return size;
  }

  /** Removes ring position {@code r} from the index (linear probing: shift the cluster back). */
  private void remove(int r) {
    int k = r * FIELDS;
    int slot = (int) hash(ring[k], ring[k + 1], ring[k + 2], ring[k + 3]) & mask;
    while (slots[2 * slot] == 0 || slots[2 * slot + 1] != r) {
      slot = (slot + 1) & mask;
    }
    int hole = slot;
    for (int next = (hole + 1) & mask; slots[2 * next] != 0; next = (next + 1) & mask) {
      int home = (int) slots[2 * next] & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[2 * hole] = slots[2 * next];
        slots[2 * hole + 1] = slots[2 * next + 1];
        hole = next;
      }
    }
    slots[2 * hole] = 0;
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
