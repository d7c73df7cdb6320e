package io.nqflow.feed;

import java.util.Arrays;

/**
 * Dense indices 0, 1, 2, ... for {@code long} keys in the order they were first added, in an
 * open-addressing table of primitives: per-instrument state then lives in plain arrays indexed by
 * it, with no boxing or hash-map entry per lookup (the feed looks instruments up for every event).
 * Keys are never removed. Not thread-safe.
 */
public final class LongIndex {
  private long[] keys = new long[32];

  /** Per slot: index + 1, 0 = empty. */
  private int[] slots = new int[32];

  private long[] byIndex = new long[16];
  private int size;

  /** The key's index, or -1 when it was never added. */
  public int get(long key) {
    int mask = slots.length - 1;
    for (int s = home(key, mask), v; (v = slots[s]) != 0; s = (s + 1) & mask) {
      if (keys[s] == key) {
        return v - 1;
      }
    }
    return -1;
  }

  /** The key's index, adding the key (as the next index) when it is new. */
  public int add(long key) {
    int mask = slots.length - 1;
    int s = home(key, mask);
    for (int v; (v = slots[s]) != 0; s = (s + 1) & mask) {
      if (keys[s] == key) {
        return v - 1;
      }
    }
    int index = size++;
    if (index == byIndex.length) {
      byIndex = Arrays.copyOf(byIndex, index * 2);
    }
    byIndex[index] = key;
    keys[s] = key;
    slots[s] = index + 1;
    if (size * 2 > slots.length) {
      grow();
    }
    return index;
  }

  /** Keys added so far; their indices are 0 to size - 1. */
  public int size() {
    return size;
  }

  /** The key of an index. */
  public long key(int index) {
    return byIndex[index];
  }

  private void grow() {
    int capacity = slots.length * 2;
    int mask = capacity - 1;
    long[] k = new long[capacity];
    int[] v = new int[capacity];
    for (int i = 0; i < size; i++) {
      long key = byIndex[i];
      int s = home(key, mask);
      while (v[s] != 0) {
        s = (s + 1) & mask;
      }
      k[s] = key;
      v[s] = i + 1;
    }
    keys = k;
    slots = v;
  }

  private static int home(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
