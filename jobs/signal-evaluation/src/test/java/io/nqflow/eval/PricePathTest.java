package io.nqflow.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kept prints: the price in force stays, compaction waits for enough to drop. */
class PricePathTest {
  @Test
  void keepsThePriceInForceAndCompactsInBatches() {
    PricePath p = new PricePath();
    for (int i = 0; i < 200; i++) {
      p.add(i * 10L, 1000 + i);
    }
    p.pruneBefore(300); // 29 prints could go (0..280): fewer than 64, nothing compacted
    assertThat(p.size).isEqualTo(200);
    assertThat(p.oldest()).isEqualTo(0);
    // prints at 0..1000 are before 1005; the one at 1000 (index 100) is the price in force then
    p.pruneBefore(1005);
    assertThat(p.oldest()).isEqualTo(1000);
    assertThat(p.size).isEqualTo(100);
    assertThat(p.price[0]).isEqualTo(1100);
    assertThat(p.ts[99]).isEqualTo(1990);
    p.pruneBefore(1000); // nothing before the oldest
    assertThat(p.size).isEqualTo(100);
  }
}
