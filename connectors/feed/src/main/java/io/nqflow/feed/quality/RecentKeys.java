package io.nqflow.feed.quality;

/**
 * The last {@code window} distinct record keys (instrument, sequence, ts_event, payload hash), for
 * duplicate detection, in primitive arrays: a ring in insertion order and an open-addressing index
 * into it. It behaves as an insertion-ordered map that drops its eldest key past {@code window}
 * entries, without allocating per record or chasing pointers through a 64k-entry linked map (that
 * was the feed's hottest spot). A key's four fields sit side by side in the ring, and a slot packs
 * half of the key's hash with its ring position in one long, so a lookup touches few cache lines
 * (the window's misses are what it costs). Not thread-safe.
 */
final class RecentKeys {
  private static final int FIELDS = 4;

  private static final long HIGH = 0xFFFF_FFFF_0000_0000L;

  private final int window;

  /** The keys in insertion order, {@link #FIELDS} longs each. */
  private final long[] ring;

  /**
   * The open-addressing index, capacity 2 x window: per slot the high 32 bits of the key's hash
   * (which also pick its home slot) and, in the low 32 bits, its ring position + 1; 0 = empty.
   * Probing and shifting read only this array.
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
    slots = new long[window * 2];
    mask = window * 2 - 1;
  }

  /**
   * Adds the key unless it is already held.
   *
   * @return false when the key was already held (a duplicate); then nothing changes
   */
  boolean add(long id, long seq, long ts, long hash) {
    long high = hash(id, seq, ts, hash) & HIGH;
    int slot = home(high);
    for (long e; (e = slots[slot]) != 0; slot = (slot + 1) & mask) {
      if ((e & HIGH) == high) {
        int k = ((int) e - 1) * FIELDS;
        if (ring[k] == id && ring[k + 1] == seq && ring[k + 2] == ts && ring[k + 3] == hash) {
          return false;
        }
      }
    }
    int r;
    if (size == window) {
      // Full: the eldest key leaves, its ring position takes the new key.
      r = head;
      remove(r);
      head = (head + 1) & (window - 1);
      slot = home(high);
      while (slots[slot] != 0) {
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
    slots[slot] = high | (r + 1);
    return true;
  }

  int size() {
    return size;
  }

  private int home(long high) {
    return (int) (high >>> 32) & mask;
  }

  /** Removes ring position {@code r} from the index (linear probing: shift the cluster back). */
  private void remove(int r) {
    int k = r * FIELDS;
    long high = hash(ring[k], ring[k + 1], ring[k + 2], ring[k + 3]) & HIGH;
    int slot = home(high);
    while (slots[slot] != (high | (r + 1))) {
      slot = (slot + 1) & mask;
    }
    int hole = slot;
    for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
      int home = home(slots[next] & HIGH);
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[hole] = slots[next];
        hole = next;
      }
    }
    slots[hole] = 0;
  }

  /** A 64-bit hash of the key. */
  private static long hash(long id, long seq, long ts, long hash) {
    long h = id * 0x9E3779B97F4A7C15L;
    h = (h ^ seq) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ ts) * 0x165667B19E3779F9L;
    h = (h ^ hash) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}
