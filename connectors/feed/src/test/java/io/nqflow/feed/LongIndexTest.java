package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LongIndex} gives each key one index, in order of first sight, as a map would. */
class LongIndexTest {
  @Test
  void indicesInOrderOfFirstSightThroughManyGrowths() {
    LongIndex index = new LongIndex();
    Map<Long, Integer> reference = new HashMap<>();
    Random r = new Random(9);
    for (int i = 0; i < 200_000; i++) {
      // Small, large, negative and clustered keys, many of them repeated.
      long key =
          switch (i % 4) {
            case 0 -> r.nextInt(5_000);
            case 1 -> r.nextLong();
            case 2 -> -r.nextInt(3_000);
            default -> (long) r.nextInt(2_000) << 32;
          };
      Integer expected = reference.get(key);
      assertThat(index.get(key)).isEqualTo(expected == null ? -1 : expected);
      int got = index.add(key);
      if (expected == null) {
        assertThat(got).isEqualTo(reference.size());
        reference.put(key, got);
      } else {
        assertThat(got).isEqualTo(expected);
      }
      assertThat(index.key(got)).isEqualTo(key);
    }
    assertThat(index.size()).isEqualTo(reference.size());
  }
}
