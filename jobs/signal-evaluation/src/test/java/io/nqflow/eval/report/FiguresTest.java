package io.nqflow.eval.report;

import static io.nqflow.eval.report.Outcomes.decided;
import static io.nqflow.eval.report.Outcomes.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Figures of six hand-made outcomes over three CME trading days (Mon 2 to Wed 4 March 2026, 09:00
 * CT = 15:00 UTC), every expected value worked out by hand in the comments.
 */
class FiguresTest {
  static final String V1 = "ifd_v1_volume_ratio";

  static final List<SignalOutcome> WEEK =
      List.of(
          // Mon: +100 (target) and -50 (stop): day +50
          decided(
              "t1",
              V1,
              "HIGH",
              OutcomeKind.TARGET,
              100,
              "2026-03-02T15:00:00Z",
              "2026-03-02T15:10:00Z",
              true),
          decided(
              "t2",
              "cep_block",
              "LOW",
              OutcomeKind.STOP,
              -50,
              "2026-03-02T15:20:00Z",
              "2026-03-02T15:30:00Z",
              false),
          // Tue: -80 (stop) and +40 (horizon): day -40
          decided(
              "t3",
              "cep_block",
              "HIGH",
              OutcomeKind.STOP,
              -80,
              "2026-03-03T15:00:00Z",
              "2026-03-03T15:40:00Z",
              true),
          decided(
              "t4",
              V1,
              "LOW",
              OutcomeKind.EXPIRY,
              40,
              "2026-03-03T16:00:00Z",
              "2026-03-03T16:30:00Z",
              true),
          // Wed: +120 (target) and one still open: day +120
          decided(
              "t5",
              "cep_block",
              "HIGH",
              OutcomeKind.TARGET,
              120,
              "2026-03-04T15:00:00Z",
              "2026-03-04T15:05:00Z",
              true),
          open("t6", "cep_block", "HIGH", "2026-03-04T16:00:00Z"));

  @Test
  void theFiguresOfAWeek() {
    Figures f = Figures.of(WEEK);
    assertThat(f.signals()).isEqualTo(6);
    assertThat(f.decided()).isEqualTo(5);
    assertThat(f.wins()).isEqualTo(3);
    assertThat(f.losses()).isEqualTo(2);
    assertThat(f.accuracy()).isEqualTo(0.6); // 3 / 5
    assertThat(f.meanWinUsd()).isCloseTo(86.666_667, within(1e-6)); // 260 / 3
    assertThat(f.meanLossUsd()).isEqualTo(65.0); // 130 / 2
    assertThat(f.winLoss()).isCloseTo(1.333_333, within(1e-6)); // 86.67 / 65
    assertThat(f.profitFactor()).isEqualTo(2.0); // 260 / 130
    assertThat(f.totalPnlUsd()).isEqualTo(130.0);
    assertThat(f.expectancyUsd()).isEqualTo(26.0); // 130 / 5
    assertThat(f.days()).isEqualTo(3);
    // days +50, -40, +120: mean 43.333, sample sd 80.208; x sqrt(252)
    assertThat(f.sharpe()).isCloseTo(8.576_386, within(1e-5));
    // downside deviation sqrt((0 + 1600 + 0) / 3) = 23.094
    assertThat(f.sortino()).isCloseTo(29.786_742, within(1e-5));
    // equity 100, 50, -30, 10, 130: peak 100 (Mon 15:10), trough -30, back at 130 on Wed 15:05
    assertThat(f.maxDrawdownUsd()).isEqualTo(130.0);
    assertThat(f.maxDrawdownNs()).isEqualTo((47 * 3600 + 55 * 60) * 1_000_000_000L);
    assertThat(f.falsePositiveRate()).isEqualTo(0.4); // t2, t3 of 5
    assertThat(f.costPerSignalUsd()).isEqualTo(3.0); // fees 2 + slippage 1
    assertThat(f.approved()).isEqualTo(4);
    assertThat(f.approvedShare()).isCloseTo(0.666_667, within(1e-6));
    assertThat(f.capitalAtRiskUsd()).isEqualTo(1000.0); // 5 x 10 points x $20
    assertThat(f.roi()).isCloseTo(0.13, within(1e-12));
  }

  @Test
  void theTargetsCompareRoiWithV1() {
    // v1: t1 + t4 = 140 USD on 400 USD: ROI 0.35; all: 0.13; (0.13 - 0.35) / 0.35
    List<Targets.Row> rows = Targets.of(WEEK);
    assertThat(rows)
        .extracting(Targets.Row::measured)
        .containsExactly(0.6, 260.0 / 3 / 65, (0.13 - 0.35) / 0.35);
    assertThat(rows.get(2).measured()).isCloseTo(-0.628_571, within(1e-6));
    assertThat(rows).extracting(Targets.Row::met).containsExactly(false, false, false);
    assertThat(new Targets.Row("x", 0.75, 0.76, true).met()).isTrue();
    assertThat(new Targets.Row("x", 0.75, Double.NaN, true).met()).isFalse();
  }

  @Test
  void figuresPerAlgorithmDayConfidenceAndHour() {
    Map<String, Figures> algo = Dimension.ALGORITHM.figures(WEEK);
    assertThat(algo).containsOnlyKeys("cep_block", V1);
    assertThat(algo.get("cep_block").signals()).isEqualTo(4);
    assertThat(algo.get("cep_block").accuracy()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(algo.get(V1).accuracy()).isEqualTo(1.0);
    assertThat(algo.get(V1).winLoss()).isNaN(); // no loss
    assertThat(algo.get(V1).profitFactor()).isNaN();

    Map<String, Figures> days = Dimension.DAY.figures(WEEK);
    assertThat(days).containsOnlyKeys("2026-03-02", "2026-03-03", "2026-03-04");
    assertThat(days.get("2026-03-03").totalPnlUsd()).isEqualTo(-40.0);
    // one day: no Sharpe, no Sortino
    assertThat(days.get("2026-03-03").sharpe()).isNaN();
    assertThat(days.get("2026-03-03").sortino()).isNaN();

    assertThat(Dimension.CONFIDENCE.figures(WEEK).get("LOW").accuracy()).isEqualTo(0.5);
    assertThat(Dimension.HOUR.figures(WEEK)).containsOnlyKeys("09:00-09:59 CT", "10:00-10:59 CT");
    assertThat(Dimension.HOUR.figures(WEEK).get("10:00-10:59 CT").signals()).isEqualTo(2); // t4, t6
  }

  @Test
  void aSessionAfter17CtBelongsToTheNextTradingDay() {
    // 17:30 CT on Monday 2 March 2026 (23:30 UTC) is Tuesday's session
    SignalOutcome o =
        decided(
            "e",
            V1,
            "",
            OutcomeKind.TARGET,
            1,
            "2026-03-02T23:30:00Z",
            "2026-03-02T23:40:00Z",
            true);
    assertThat(Dimension.DAY.key(o)).isEqualTo("2026-03-03");
    assertThat(Dimension.CONFIDENCE.key(o)).isEqualTo("(none)");
  }

  @Test
  void undefinedFiguresAreNaN() {
    Figures none = Figures.of(List.of());
    assertThat(none.signals()).isZero();
    assertThat(none.accuracy()).isNaN();
    assertThat(none.expectancyUsd()).isNaN();
    assertThat(none.sharpe()).isNaN();
    assertThat(none.roi()).isNaN();
    assertThat(none.maxDrawdownUsd()).isZero();
    // equal days: no spread, no Sharpe; no losing day: no Sortino
    assertThat(Figures.sharpe(new double[] {5, 5})).isNaN();
    assertThat(Figures.sortino(new double[] {5, 7})).isNaN();
    // two days +10, -10: mean 0
    assertThat(Figures.sharpe(new double[] {10, -10})).isZero();
  }

  @Test
  void aDrawdownThatNeverRecoversLastsUntilTheLastExit() {
    // losses from the start: the peak is 0 USD at the first signal (10:00), the last exit 10:10
    List<SignalOutcome> two =
        List.of(
            decided(
                "a",
                V1,
                "",
                OutcomeKind.STOP,
                -10,
                "2026-03-02T16:00:00Z",
                "2026-03-02T16:05:00Z",
                true),
            decided(
                "b",
                V1,
                "",
                OutcomeKind.STOP,
                -5,
                "2026-03-02T16:01:00Z",
                "2026-03-02T16:10:00Z",
                true));
    Equity e = Equity.of(two);
    assertThat(e.maxDrawdownUsd()).isEqualTo(15.0);
    assertThat(e.maxDrawdownNs()).isEqualTo(600 * 1_000_000_000L);
    assertThat(e.recovered()).isFalse();
    assertThat(e.points()).extracting(Equity.Point::equityUsd).containsExactly(-10.0, -15.0);
  }

  @Test
  void theEquityCurveFollowsTheExitOrder() {
    // exits are ordered t1 .. t5 (the open t6 has none): reversing the input changes nothing
    List<SignalOutcome> reversed = new java.util.ArrayList<>(WEEK);
    java.util.Collections.reverse(reversed);
    assertThat(Equity.of(reversed).points())
        .extracting(p -> p.outcome().getSignalId().toString())
        .containsExactly("t1", "t2", "t3", "t4", "t5");
    assertThat(Equity.of(reversed).points())
        .extracting(Equity.Point::drawdownUsd)
        .containsExactly(0.0, 50.0, 130.0, 90.0, 0.0);
  }
}
