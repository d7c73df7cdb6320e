package io.nqflow.feed.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RecentKeys} answers as the insertion-ordered map of the last {@code window} keys it
 * replaced (a {@code LinkedHashMap} dropping its eldest entry), on a long stream with many repeats
 * and evictions.
 */
class RecentKeysTest {
  @Test
  void answersAsAnInsertionOrderedMapOfTheLastWindowKeys() {
    int window = 256;
    RecentKeys keys = new RecentKeys(window);
    Map<List<Long>, Boolean> reference =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<List<Long>, Boolean> eldest) {
            return size() > window;
          }
        };
    Random r = new Random(3);
    int duplicates = 0;
    for (int i = 0; i < 200_000; i++) {
      // A small key space so that keys repeat both inside and outside the window.
      long id = r.nextInt(4);
      long seq = r.nextInt(200);
      long ts = r.nextInt(2);
      long hash = r.nextInt(2);
      boolean expectedNew = reference.put(List.of(id, seq, ts, hash), Boolean.TRUE) == null;
      assertThat(keys.add(id, seq, ts, hash)).as("record %d", i).isEqualTo(expectedNew);
      assertThat(keys.size()).isEqualTo(reference.size());
      duplicates += expectedNew ? 0 : 1;
    }
    assertThat(duplicates).isBetween(10_000, 190_000);
  }

  @Test
  void answersAsTheReferenceOverManyGenerationsOfAWiderWindow() {
    // Keys far apart in time, so the index fills with stale slots, is rebuilt many times and its
    // generation counter wraps; some keys come back just inside, some just outside the window.
    int window = 1024;
    RecentKeys keys = new RecentKeys(window);
    Map<List<Long>, Boolean> reference =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<List<Long>, Boolean> eldest) {
            return size() > window;
          }
        };
    Random r = new Random(5);
    int duplicates = 0;
    for (int i = 0; i < 400_000; i++) {
      long id = r.nextInt(3);
      long seq = r.nextInt(900);
      long ts = i % 7 == 0 ? i : 0;
      long hash = r.nextInt(2);
      boolean expectedNew = reference.put(List.of(id, seq, ts, hash), Boolean.TRUE) == null;
      assertThat(keys.add(id, seq, ts, hash)).as("record %d", i).isEqualTo(expectedNew);
      duplicates += expectedNew ? 0 : 1;
    }
    assertThat(keys.size()).isEqualTo(window);
    assertThat(duplicates).isBetween(10_000, 390_000);
  }

  @Test
  void aKeyLeavesAfterWindowNewerKeys() {
    RecentKeys keys = new RecentKeys(4);
    assertThat(keys.add(1, 1, 1, 1)).isTrue();
    for (int i = 2; i <= 4; i++) {
      assertThat(keys.add(i, i, i, i)).isTrue();
    }
    assertThat(keys.add(1, 1, 1, 1)).isFalse();
    assertThat(keys.add(5, 5, 5, 5)).isTrue();
    assertThat(keys.add(1, 1, 1, 1)).as("evicted, so new again").isTrue();
  }

  @Test
  void windowMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new RecentKeys(100)).isInstanceOf(IllegalArgumentException.class);
  }
}
