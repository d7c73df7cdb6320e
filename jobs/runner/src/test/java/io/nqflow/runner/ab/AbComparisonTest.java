package io.nqflow.runner.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AbComparisonTest {
  private static AbComparison compare(List<SignalOutcome> a, List<SignalOutcome> b, long seed) {
    return AbComparison.of(
        VariantOutcomes.of("A", "a", a), VariantOutcomes.of("B", "b", b), 10_000, 0.95, seed);
  }

  @Test
  void aKnownLargeDifferenceIsMeasuredAndItsIntervalExcludesZero() {
    // A: 400 wins of +$50 and 600 stops of -$25 of 1000: accuracy 0.4, mean 20 - 15 = $5.
    // B: 600 wins and 400 stops: accuracy 0.6, mean 30 - 10 = $20.
    AbComparison c =
        compare(
            AbOutcomes.fixed("a", 400, 50, 600, 25), AbOutcomes.fixed("b", 600, 50, 400, 25), 1);

    assertThat(c.a().accuracy()).isEqualTo(0.4);
    assertThat(c.b().accuracy()).isEqualTo(0.6);
    assertThat(c.a().meanPnlUsd()).isCloseTo(5.0, within(1e-9));
    assertThat(c.b().meanPnlUsd()).isCloseTo(20.0, within(1e-9));
    assertThat(c.accuracyDifference()).isCloseTo(0.2, within(1e-12));
    assertThat(c.pnlDifferenceUsd()).isCloseTo(15.0, within(1e-9));

    // Normal approximation by hand: SE(acc) = sqrt(2 * 0.4 * 0.6 / 1000) = 0.021909, 1.96 SE =
    // 0.04294; SE(P&L) = sqrt(2 * 0.24 * 75^2 / 1000) = 1.6432, 1.96 SE = 3.2206. The
    // percentile interval agrees within 10 % of those half-widths.
    assertThat(c.intervals().accuracy().low()).isCloseTo(0.2 - 0.04294, within(0.0043));
    assertThat(c.intervals().accuracy().high()).isCloseTo(0.2 + 0.04294, within(0.0043));
    assertThat(c.intervals().pnlPerSignalUsd().low()).isCloseTo(15 - 3.2206, within(0.32));
    assertThat(c.intervals().pnlPerSignalUsd().high()).isCloseTo(15 + 3.2206, within(0.32));
    assertThat(c.intervals().accuracy().excludesZero()).isTrue();
    assertThat(c.intervals().pnlPerSignalUsd().excludesZero()).isTrue();
  }

  @Test
  void theSameOutcomesInAnotherOrderDifferByZeroInsideTheInterval() {
    List<SignalOutcome> a = AbOutcomes.drawn("a", 500, 7);
    List<SignalOutcome> b = new ArrayList<>();
    for (SignalOutcome o : a) {
      b.add(AbOutcomes.outcome("b", "b-" + o.getSignalId(), o.getOutcome(), o.getPnlUsd()));
    }
    Collections.shuffle(b, new Random(3));

    AbComparison c = compare(a, b, 1);

    assertThat(c.accuracyDifference()).isZero();
    assertThat(c.pnlDifferenceUsd()).isCloseTo(0, within(1e-9));
    assertThat(c.intervals().accuracy().low()).isNegative();
    assertThat(c.intervals().accuracy().high()).isPositive();
    assertThat(c.intervals().pnlPerSignalUsd().low()).isNegative();
    assertThat(c.intervals().pnlPerSignalUsd().high()).isPositive();
  }

  @Test
  void twoSamplesOfOneDistributionMostlyGiveIntervalsThatCoverZero() {
    // 20 pairs of independent draws from the same distribution: a 95 % interval misses 0 about
    // once in 20; at least 17 of 20 must cover it (fewer has a probability of about 1.6 %).
    int covered = 0;
    for (int i = 0; i < 20; i++) {
      AbComparison c =
          AbComparison.of(
              VariantOutcomes.of("A", "a", AbOutcomes.drawn("a", 400, 100 + i)),
              VariantOutcomes.of("B", "b", AbOutcomes.drawn("b", 400, 200 + i)),
              2_000,
              0.95,
              i);
      if (!c.intervals().accuracy().excludesZero()
          && !c.intervals().pnlPerSignalUsd().excludesZero()) {
        covered++;
      }
    }
    assertThat(covered).isGreaterThanOrEqualTo(17);
  }

  @Test
  void theSameSeedGivesTheSameIntervals() {
    List<SignalOutcome> a = AbOutcomes.drawn("a", 300, 1);
    List<SignalOutcome> b = AbOutcomes.drawn("b", 300, 2);
    assertThat(compare(a, b, 5).intervals()).isEqualTo(compare(a, b, 5).intervals());
    assertThat(compare(a, b, 5).intervals()).isNotEqualTo(compare(a, b, 6).intervals());
  }

  @Test
  void countsOpenOutcomesAsSignalsOnlyAndTheLastOutcomeOfASignal() {
    List<SignalOutcome> xs =
        List.of(
            AbOutcomes.outcome("a", "s1", OutcomeKind.OPEN, 0),
            AbOutcomes.outcome("a", "s1", OutcomeKind.STOP, -25),
            AbOutcomes.outcome("a", "s2", OutcomeKind.TARGET, 50),
            AbOutcomes.outcome("a", "s3", OutcomeKind.OPEN, 10),
            AbOutcomes.outcome("a", "s4", OutcomeKind.EXPIRY, 0));
    VariantOutcomes v = VariantOutcomes.of("A", "a", xs);

    // s1 STOP -25, s2 TARGET +50, s4 EXPIRY 0 (not a win); s3 still open.
    assertThat(v.signals()).isEqualTo(4);
    assertThat(v.decided()).isEqualTo(3);
    assertThat(v.wins()).isEqualTo(1);
    assertThat(v.accuracy()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(v.meanPnlUsd()).isCloseTo(25.0 / 3, within(1e-12));
  }

  @Test
  void refusesASideWithoutDecidedOutcomes() {
    VariantOutcomes open =
        VariantOutcomes.of(
            "B", "run-b", List.of(AbOutcomes.outcome("b", "s", OutcomeKind.OPEN, 0)));
    assertThatThrownBy(
            () ->
                AbComparison.of(
                    VariantOutcomes.of("A", "a", AbOutcomes.drawn("a", 10, 1)),
                    open,
                    1000,
                    0.95,
                    1))
        .hasMessageContaining("B (run-b) has no decided outcome");
  }

  @Test
  void percentileIntervalUsesNearestRanks() {
    assertThat(Bootstrap.rank(0.025, 10_000)).isEqualTo(250);
    assertThat(Bootstrap.rank(0.975, 10_000)).isEqualTo(9750);
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = 100 - i; // 100 .. 1, unsorted
    }
    // Level 0.9: ranks ceil(0.05 * 100) = 5 and ceil(0.95 * 100) = 95 of 1..100.
    assertThat(Bootstrap.percentile(v, 0.9)).isEqualTo(new Bootstrap.Interval(5, 95));
  }
}
