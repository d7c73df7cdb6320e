package io.nqflow.chain.model;

import static io.nqflow.chain.model.TestChains.call;
import static io.nqflow.chain.model.TestChains.chain;
import static io.nqflow.chain.model.TestChains.lastOnly;
import static io.nqflow.chain.model.TestChains.put;
import static io.nqflow.chain.model.TestChains.row;
import static io.nqflow.chain.model.TestChains.unpriced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnderlyingEstimatorTest {

  @Test
  void interpolatesWhereCallMinusPutChangesSign() {
    // 20000: C - P = 40 - 30 = 10; 20025: 28 - 43 = -15.
    // F = 20000 + 10 / (10 - (-15)) * 25 = 20000 + 0.4 * 25 = 20010.
    ExpiryChain c =
        chain(
            row(19975, call(19975, 55, 0, 0), put(19975, 20, 0, 0)),
            row(20000, call(20000, 40, 0, 0), put(20000, 30, 0, 0)),
            row(20025, call(20025, 28, 0, 0), put(20025, 43, 0, 0)),
            row(20050, call(20050, 19, 0, 0), put(20050, 60, 0, 0)));
    assertThat(UnderlyingEstimator.estimate(c)).isCloseTo(20010.0, within(1e-9));
  }

  @Test
  void aStrikeWhereCallEqualsPutIsTheEstimate() {
    ExpiryChain c =
        chain(
            row(19975, call(19975, 50, 0, 0), put(19975, 25, 0, 0)),
            row(20000, call(20000, 35, 0, 0), put(20000, 35, 0, 0)),
            row(20025, call(20025, 25, 0, 0), put(20025, 50, 0, 0)));
    assertThat(UnderlyingEstimator.estimate(c)).isEqualTo(20000.0);
  }

  @Test
  void withoutASignChangeTheStrikeWithTheSmallestDifference() {
    // Every C - P positive: 19900 100, 19925 80, 19950 30 (smallest) -> 19950.
    ExpiryChain c =
        chain(
            row(19900, call(19900, 110, 0, 0), put(19900, 10, 0, 0)),
            row(19925, call(19925, 92, 0, 0), put(19925, 12, 0, 0)),
            row(19950, call(19950, 45, 0, 0), put(19950, 15, 0, 0)));
    assertThat(UnderlyingEstimator.estimate(c)).isEqualTo(19950.0);
  }

  @Test
  void equalSmallestDifferencesTakeTheLowerStrike() {
    // C - P = +20 at both 19950 and 20000 (no sign change): the lower strike, 19950.
    ExpiryChain c =
        chain(
            row(19950, call(19950, 40, 0, 0), put(19950, 20, 0, 0)),
            row(20000, call(20000, 45, 0, 0), put(20000, 25, 0, 0)));
    assertThat(UnderlyingEstimator.estimate(c)).isEqualTo(19950.0);
  }

  @Test
  void onlyStrikesWithAPricedCallAndAPricedPutCount() {
    // 20000 has only a call and 20025 an unpriced put: both ignored. The sign change is then
    // between 19975 (C - P = 30 - 10 = 20) and 20050 (10 - 40 = -30):
    // F = 19975 + 20 / 50 * 75 = 19975 + 30 = 20005. A last price counts as a price (20050 put).
    ExpiryChain c =
        chain(
            row(19975, call(19975, 30, 0, 0), put(19975, 10, 0, 0)),
            row(20000, call(20000, 1, 0, 0), null),
            row(20025, call(20025, 1, 0, 0), unpriced(20025, Right.PUT, 0, 0)),
            row(20050, call(20050, 10, 0, 0), lastOnly(20050, Right.PUT, 40, 0, 0)));
    assertThat(UnderlyingEstimator.estimate(c)).isCloseTo(20005.0, within(1e-9));
  }

  @Test
  void theTightestOfSeveralSignChangesWins() {
    // d = C - P: 19900 +5, 19925 -5, 19950 +30, 20000 -2: three sign changes.
    // (19900, 19925): +5 / -5, bracket 10 -> 19912.5
    // (19925, 19950): -5 / +30, bracket 35
    // (19950, 20000): +30 / -2, bracket 32
    // The tightest is the first: 19900 + 5 / 10 * 25 = 19912.5.
    ExpiryChain c =
        chain(
            row(19900, call(19900, 15, 0, 0), put(19900, 10, 0, 0)),
            row(19925, call(19925, 10, 0, 0), put(19925, 15, 0, 0)),
            row(19950, call(19950, 40, 0, 0), put(19950, 10, 0, 0)),
            row(20000, call(20000, 20, 0, 0), put(20000, 22, 0, 0)));
    assertThat(UnderlyingEstimator.estimate(c)).isCloseTo(19912.5, within(1e-9));
  }

  @Test
  void noStrikeWithBothSidesIsAClearError() {
    ExpiryChain c =
        chain(
            row(19950, null, put(19950, 10, 0, 0)),
            row(20000, call(20000, 20, 0, 0), unpriced(20000, Right.PUT, 0, 0)));
    assertThatThrownBy(() -> UnderlyingEstimator.estimate(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot estimate the underlying of NQM6")
        .hasMessageContaining("both a priced call and a priced put");
  }
}
