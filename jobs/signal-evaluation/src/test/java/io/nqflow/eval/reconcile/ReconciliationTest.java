package io.nqflow.eval.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.reconcile.Reconciliation.DecisionDiff;
import io.nqflow.eval.reconcile.Reconciliation.FillDiff;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  static final long T0 = 1772463600000000000L;

  /** An outcome line; fill == null means not traded. */
  static String line(
      String id,
      boolean approved,
      String reason,
      Long fill,
      long fillAfterNs,
      Double slippage,
      double multiplier,
      int quantity) {
    String base =
        "{\"signal_id\":\""
            + id
            + "\",\"variant\":\"A\",\"algorithm\":\"cep_block\",\"instrument_id\":1,"
            + "\"outcome\":\"TARGET\",\"entry_price\":10000000000,\"mfe_points\":0,"
            + "\"mae_points\":0,\"pnl_usd\":0,\"slippage_usd\":0,\"ts_signal\":"
            + T0
            + ",\"approved\":"
            + approved
            + ",\"decision_reason\":\""
            + reason
            + "\",\"multiplier_usd\":"
            + multiplier
            + ",\"quantity\":"
            + quantity;
    if (fill != null) {
      base +=
          ",\"fill_price\":"
              + fill
              + ",\"ts_fill\":"
              + (T0 + fillAfterNs)
              + ",\"fill_slippage_points\":"
              + slippage
              + ",\"signal_to_fill_ns\":"
              + fillAfterNs;
    }
    return base + "}";
  }

  static SignalOutcome o(String line) {
    return OutcomesJsonl.fromLine(line, "test");
  }

  /** Paced: s1..s4, s6; replay: s1..s3, s5, s6 (s6 twice, the last line counts). */
  static List<SignalOutcome> paced() {
    return List.of(
        o(line("s1", true, "approved", 10_250_000_000L, 3_000_000, 0.25, 100, 2)),
        o(line("s2", true, "approved", 5_000_000_000L, 1_000_000, 0.0, 50, 1)),
        o(line("s3", true, "approved", 2_000_000_000L, 1_000_000, 0.0, 50, 1)),
        o(line("s4", true, "approved", 2_000_000_000L, 1_000_000, 0.0, 50, 1)),
        o(line("s6", false, "max_position", null, 0, null, 50, 1)));
  }

  static List<SignalOutcome> replay() {
    return List.of(
        o(line("s1", true, "approved", 10_000_000_000L, 1_000_000, 0.0, 100, 2)),
        o(line("s2", true, "approved", 5_500_000_000L, 4_000_000, 0.5, 50, 1)),
        o(line("s3", false, "max_position", null, 0, null, 50, 1)),
        o(line("s5", true, "approved", 2_000_000_000L, 1_000_000, 0.0, 50, 1)),
        o(line("s6", true, "approved", null, 0, null, 50, 1)),
        o(line("s6", false, "max_position", null, 0, null, 50, 1)));
  }

  @Test
  void matchesBySignalIdAndComputesDifferencesPacedMinusReplay() {
    Reconciliation r = Reconciliation.of(paced(), replay());
    assertThat(r.onlyPaced()).containsExactly("s4");
    assertThat(r.onlyReplay()).containsExactly("s5");
    assertThat(r.decisions())
        .containsExactly(new DecisionDiff("s3", true, "approved", false, "max_position"));
    assertThat(r.tradedOnlyPaced()).containsExactly("s3");
    assertThat(r.tradedOnlyReplay()).isEmpty();
    assertThat(r.fills()).hasSize(2);

    // s1: 10.25 - 10.00 = +0.25 points; x 100 USD x 2 contracts = +50 USD; 3 ms - 1 ms.
    FillDiff s1 = r.fills().get(0);
    assertThat(s1.signalId()).isEqualTo("s1");
    assertThat(s1.pacedFillPoints()).isCloseTo(10.25, within(1e-12));
    assertThat(s1.replayFillPoints()).isCloseTo(10.0, within(1e-12));
    assertThat(s1.fillPricePoints()).isCloseTo(0.25, within(1e-12));
    assertThat(s1.fillPriceUsd()).isCloseTo(50.0, within(1e-9));
    assertThat(s1.fillTimeNs()).isEqualTo(2_000_000L);
    assertThat(s1.slippagePoints()).isCloseTo(0.25, within(1e-12));
    assertThat(s1.signalToFillNs()).isEqualTo(2_000_000L);

    // s2: 5.00 - 5.50 = -0.5 points; x 50 x 1 = -25 USD; 1 ms - 4 ms.
    FillDiff s2 = r.fills().get(1);
    assertThat(s2.fillPricePoints()).isCloseTo(-0.5, within(1e-12));
    assertThat(s2.fillPriceUsd()).isCloseTo(-25.0, within(1e-9));
    assertThat(s2.fillTimeNs()).isEqualTo(-3_000_000L);
    assertThat(s2.slippagePoints()).isCloseTo(-0.5, within(1e-12));
    assertThat(s2.signalToFillNs()).isEqualTo(-3_000_000L);

    var t = r.totals();
    assertThat(t.pacedSignals()).isEqualTo(5);
    assertThat(t.replaySignals()).isEqualTo(5);
    assertThat(t.matched()).isEqualTo(4);
    assertThat(t.onlyPaced()).isEqualTo(1);
    assertThat(t.onlyReplay()).isEqualTo(1);
    assertThat(t.decisionsDiffering()).isEqualTo(1);
    assertThat(t.tradedBoth()).isEqualTo(2);
    assertThat(t.tradedOnlyPaced()).isEqualTo(1);
    assertThat(t.tradedOnlyReplay()).isZero();
    assertThat(t.fillPricePoints().meanAbs()).isCloseTo(0.375, within(1e-12));
    assertThat(t.fillPricePoints().maxAbs()).isCloseTo(0.5, within(1e-12));
    assertThat(t.fillPriceUsd().meanAbs()).isCloseTo(37.5, within(1e-9));
    assertThat(t.fillPriceUsd().maxAbs()).isCloseTo(50.0, within(1e-9));
    assertThat(t.fillTimeNs().meanAbs()).isCloseTo(2_500_000.0, within(1e-6));
    assertThat(t.fillTimeNs().maxAbs()).isCloseTo(3_000_000.0, within(1e-6));
    assertThat(t.slippagePoints().meanAbs()).isCloseTo(0.375, within(1e-12));
    assertThat(t.signalToFillNs().maxAbs()).isCloseTo(3_000_000.0, within(1e-6));
  }

  @Test
  void identicalRunsHaveNoDifferences() {
    Reconciliation r = Reconciliation.of(paced(), paced());
    assertThat(r.onlyPaced()).isEmpty();
    assertThat(r.onlyReplay()).isEmpty();
    assertThat(r.decisions()).isEmpty();
    assertThat(r.fills()).hasSize(4);
    assertThat(r.totals().fillPriceUsd().maxAbs()).isZero();
    assertThat(r.totals().fillTimeNs().maxAbs()).isZero();
  }

  @Test
  void emptyRunsGiveZeroStatistics() {
    Reconciliation r = Reconciliation.of(List.of(), List.of());
    assertThat(r.totals().matched()).isZero();
    assertThat(r.totals().fillPricePoints().meanAbs()).isZero();
  }

  @Test
  void jsonHasSnakeCaseKeysAndTheFigures() {
    JsonNode j = Reconciliation.of(paced(), replay()).toJson();
    assertThat(j.at("/totals/matched").intValue()).isEqualTo(4);
    assertThat(j.at("/totals/fill_price_usd/mean_abs").doubleValue()).isCloseTo(37.5, within(1e-9));
    assertThat(j.at("/only_paced/0").textValue()).isEqualTo("s4");
    assertThat(j.at("/decisions/0/replay_reason").textValue()).isEqualTo("max_position");
    assertThat(j.at("/fills/1/fill_time_ns").longValue()).isEqualTo(-3_000_000L);
  }
}
