package io.nqflow.market;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The entry bracket on the option grid, computed by hand (2 % slippage, stop 50 %, target 100 %).
 */
class EntryBracketTest {
  static long px(double points) {
    return Math.round(points * Prices.SCALE);
  }

  @Test
  void roundsTowardLessRiskAndLessReward() {
    // 2.50 + 0.05 = 2.55 (fine grid); stop ceil(1.275) = 1.30; target 5.10 floored on the coarse
    // grid above 5.00 = 5.00
    EntryBracket b = EntryBracket.of(px(2.50), 0.02, 0.50, 1.00);
    assertThat(b.limit()).isEqualTo(px(2.55));
    assertThat(b.stop()).isEqualTo(px(1.30));
    assertThat(b.target()).isEqualTo(px(5.00));
    assertThat(b.priced()).isTrue();
    // 10.00 + 0.20 = 10.20 floored on the 0.25 grid = 10.00; stop 5.00; target 20.00
    EntryBracket c = EntryBracket.of(px(10.00), 0.02, 0.50, 1.00);
    assertThat(c.limit()).isEqualTo(px(10.00));
    assertThat(c.stop()).isEqualTo(px(5.00));
    assertThat(c.target()).isEqualTo(px(20.00));
  }

  @Test
  void noReferenceNoBracket() {
    EntryBracket b = EntryBracket.of(0, 0.02, 0.50, 1.00);
    assertThat(b.priced()).isFalse();
    assertThat(b.stop()).isZero();
    assertThat(b.target()).isZero();
  }
}
