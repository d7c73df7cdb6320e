package io.nqflow.feed.quality;

/**
 * The last {@code window} distinct record keys (instrument, sequence, ts_event, payload hash), for
 * duplicate detection, in primitive arrays. It answers as an insertion-ordered map that drops its
 * eldest key past {@code window} entries, without allocating per record.
 *
 * <p>The keys sit in a ring in insertion order: insertion {@code n} goes to position {@code n mod
 * window}, overwriting (evicting) the eldest key. An open-addressing index of one {@code int} per
 * slot points into the ring; a slot also holds a few bits of the key's hash (its tag) and the
 * generation ({@code n / window}, modulo 16) of the insertion that made it. A slot whose position
 * was overwritten since is recognised as stale by arithmetic alone, so an eviction costs no lookup:
 * stale slots are reused by later insertions and swept out by a rebuild when the index fills.
 * Whatever a slot says, a key only counts as held when the ring holds it, so a stale slot can never
 * make a duplicate. So a record costs one probe of the index (at most a quarter full of live keys)
 * and a sequential write to the ring, where an index with deletions cost a second random probe and
 * a shift per eviction (cache misses were this class's cost). Not thread-safe.
 */
final class RecentKeys {
  private static final int FIELDS = 4;
  private static final int GEN_BITS = 4;
  private static final int GEN_MASK = (1 << GEN_BITS) - 1;

  private final int window;
  private final int posBits;
  private final int posMask;
  private final int tagShift;
  private final int tagMask;

  /** The keys, {@link #FIELDS} longs each, at position {@code insertion mod window}. */
  private final long[] ring;

  /** The index: 0 = empty, else tag, generation and ring position (the tag is never 0). */
  private final int[] slots;

  private final int slotMask;

  /** Non-empty slots (live or stale); past {@link #maxOccupied} the index is rebuilt. */
  private int occupied;

  private final int maxOccupied;

  /** Keys inserted so far (duplicates are not inserted). */
  private long inserted;

  RecentKeys(int window) {
    if (Integer.bitCount(window) != 1 || window > 1 << 20) {
      throw new IllegalArgumentException("window must be a power of two up to 2^20: " + window);
    }
    this.window = window;
    posBits = Integer.numberOfTrailingZeros(window);
    posMask = window - 1;
    tagShift = posBits + GEN_BITS;
    tagMask = (1 << (32 - tagShift)) - 1;
    ring = new long[window * FIELDS];
    // Four slots per key: short probes, and rebuilds only every few windows' worth of records.
    int capacity = Math.max(8, window * 4);
    slots = new int[capacity];
    slotMask = capacity - 1;
    maxOccupied = capacity / 4 * 3;
  }

  /**
   * Adds the key unless it is already held.
   *
   * @return false when the key was already held (a duplicate); then nothing changes
   */
  boolean add(long id, long seq, long ts, long hash) {
    long h = hash(id, seq, ts, hash);
    int tag = tag(h);
    int reuse = -1;
    int slot = home(h);
    for (int e; (e = slots[slot]) != 0; slot = (slot + 1) & slotMask) {
      int pos = e & posMask;
      if (live(e, pos)) {
        if (e >>> tagShift == tag) {
          int k = pos * FIELDS;
          if (ring[k] == id && ring[k + 1] == seq && ring[k + 2] == ts && ring[k + 3] == hash) {
            return false;
          }
        }
      } else if (reuse < 0) {
        reuse = slot;
      }
    }
    int pos = (int) inserted & posMask;
    int k = pos * FIELDS;
    ring[k] = id;
    ring[k + 1] = seq;
    ring[k + 2] = ts;
    ring[k + 3] = hash;
    int entry = entry(tag, (int) (inserted >>> posBits) & GEN_MASK, pos);
    inserted++;
    if (reuse >= 0) {
      slots[reuse] = entry;
    } else {
      slots[slot] = entry;
      if (++occupied > maxOccupied) {
        rebuild();
      }
    }
    return true;
  }

  int size() {
    return (int) Math.min(inserted, window);
  }

  /**
   * Whether slot entry {@code e} (pointing at {@code pos}) was made by the latest insertion into
   * {@code pos}. Generations wrap, so an old stale slot may look live: the ring comparison decides.
   */
  private boolean live(int e, int pos) {
    long block = (inserted >>> posBits) - (pos < ((int) inserted & posMask) ? 0 : 1);
    return block >= 0 && ((int) block & GEN_MASK) == ((e >>> posBits) & GEN_MASK);
  }

  /** Empties the index and enters every key the ring holds, so no stale slot remains. */
  private void rebuild() {
    java.util.Arrays.fill(slots, 0);
    occupied = 0;
    int held = size();
    for (int pos = 0; pos < held; pos++) {
      int k = pos * FIELDS;
      long h = hash(ring[k], ring[k + 1], ring[k + 2], ring[k + 3]);
      long block = (inserted >>> posBits) - (pos < ((int) inserted & posMask) ? 0 : 1);
      int slot = home(h);
      while (slots[slot] != 0) {
        slot = (slot + 1) & slotMask;
      }
      slots[slot] = entry(tag(h), (int) block & GEN_MASK, pos);
      occupied++;
    }
  }

  private int entry(int tag, int gen, int pos) {
    return tag << tagShift | gen << posBits | pos;
  }

  /** Low bits of the hash, never 0 (so an entry is never 0). */
  private int tag(long h) {
    int t = (int) h & tagMask;
    return t == 0 ? 1 : t;
  }

  /** High bits of the hash: independent of the tag. */
  private int home(long h) {
    return (int) (h >>> 32) & slotMask;
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
