package io.nqflow.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import org.junit.jupiter.api.Test;

class OutcomesJsonlTest {
  static SignalOutcome sample() {
    return SignalOutcome.newBuilder()
        .setSignalId("s-1")
        .setVariant("baseline")
        .setAlgorithm("ifd_v1_volume_ratio")
        .setInstrumentId(42L)
        .setOutcome(OutcomeKind.TARGET)
        .setEntryPrice(12_500_000_000L)
        .setExitPrice(15_000_000_000L)
        .setMfePoints(2.75)
        .setMaePoints(0.5)
        .setPnlUsd(48.5)
        .setSlippageUsd(1.0)
        .setTsSignal(1_700_000_000_000_000_000L)
        .setTsExit(1_700_000_060_000_000_000L)
        .setConfidence("HIGH")
        .build();
  }

  @Test
  void aLineReadsBackAsTheSameOutcome() {
    SignalOutcome o = sample();
    String line = OutcomesJsonl.toLine(o);
    assertThat(line)
        .contains("\"exit_price\":15000000000")
        .contains("\"outcome\":\"TARGET\"")
        .contains("\"fill_price\":null");
    assertThat(OutcomesJsonl.fromLine(line, "t")).isEqualTo(o);
  }

  @Test
  void missingOptionalFieldsTakeTheirDefaults() {
    String line =
        "{\"signal_id\":\"s\",\"variant\":\"v\",\"algorithm\":\"a\",\"instrument_id\":1,"
            + "\"outcome\":\"OPEN\",\"entry_price\":5,\"mfe_points\":0,\"mae_points\":0,"
            + "\"pnl_usd\":0,\"slippage_usd\":0,\"ts_signal\":7,\"unknown\":1}";
    SignalOutcome o = OutcomesJsonl.fromLine(line, "t");
    assertThat(o.getQuantity()).isEqualTo(1);
    assertThat(o.getSide()).isEqualTo("BUY");
    assertThat(o.getExitPrice()).isNull();
  }

  @Test
  void errorsNameTheLineAndTheField() {
    assertThatThrownBy(() -> OutcomesJsonl.fromLine("{\"signal_id\":\"s\"}", "f.jsonl:3"))
        .hasMessageContaining("f.jsonl:3")
        .hasMessageContaining("missing field 'variant'");
    String bad =
        OutcomesJsonl.toLine(sample())
            .replace("\"entry_price\":12500000000", "\"entry_price\":\"x\"");
    assertThatThrownBy(() -> OutcomesJsonl.fromLine(bad, "f.jsonl:4"))
        .hasMessageContaining("f.jsonl:4")
        .hasMessageContaining("'entry_price'");
    assertThatThrownBy(() -> OutcomesJsonl.fromLine("[1]", "f.jsonl:5"))
        .hasMessageContaining("JSON object");
  }
}
