package io.nqflow.simulator.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  static final long S = 1_000_000_000L;

  // Three true episodes and one decoy, hand-written.
  static final String TRUTH =
      """
      {"id":"e1","kind":"SWEEP","instrument_ids":[11],"underlying":"NQH6","side":"BUY","direction":"BULLISH","contracts":50,"premium_usd":200000,"ts_start":1000000000000,"ts_end":1000000000000,"expect_signal":true,"day":"2026-01-05"}
      {"id":"e2","kind":"LADDER","instrument_ids":[21,22,23],"underlying":"NQH6","side":"BUY","direction":"BEARISH","contracts":90,"premium_usd":400000,"ts_start":2000000000000,"ts_end":2005000000000,"expect_signal":true,"day":"2026-01-05"}
      {"id":"e3","kind":"SWEEP","instrument_ids":[31],"underlying":"NQH6","side":"SELL","direction":"BEARISH","contracts":40,"premium_usd":150000,"ts_start":3000000000000,"ts_end":3000000000000,"expect_signal":true,"day":"2026-01-05"}
      {"id":"d1","kind":"RETAIL_FRENZY","instrument_ids":[41],"underlying":"NQH6","side":"BUY","direction":"BULLISH","contracts":500,"premium_usd":9000,"ts_start":4000000000000,"ts_end":4060000000000,"expect_signal":false,"day":"2026-01-05"}
      """;

  static String signal(String id, String algo, int instrument, String dir, long ts) {
    return String.format(
        "{\"signal_id\":\"%s\",\"variant\":\"a\",\"algorithm\":\"%s\",\"instrument_id\":%d,"
            + "\"underlying\":\"NQH6\",\"direction\":\"%s\",\"confidence\":0.9,"
            + "\"priority\":\"HIGH\",\"score\":1.0,\"ts_event\":%d,\"rationale\":\"x\"}%n",
        id, algo, instrument, dir, ts);
  }

  @TempDir Path tmp;

  private EvaluationReport run(String signals, Duration grace) throws Exception {
    Path t = tmp.resolve("truth.jsonl");
    Path s = tmp.resolve("signals.jsonl");
    Files.writeString(t, TRUTH);
    Files.writeString(s, signals);
    return Evaluator.evaluate(t, s, grace);
  }

  @Test
  void scoresHandBuiltSignalsWithKnownAnswers() throws Exception {
    String signals =
        // e1 detected 2 s after its end (inside a 30 s grace), 2 s latency
        signal("s1", "cep", 11, "BULLISH", 1002 * S)
            // e2 detected on its third leg, 4 s latency
            + signal("s2", "volume", 23, "BEARISH", 2004 * S)
            // wrong direction on e3: a false positive, e3 stays undetected
            + signal("s3", "volume", 31, "BULLISH", 3000 * S)
            // on the decoy: a decoy false positive
            + signal("s4", "volume", 41, "BULLISH", 4010 * S)
            // nothing there
            + signal("s5", "cep", 99, "BULLISH", 5000 * S);
    EvaluationReport r = run(signals, Duration.ofSeconds(30));

    EvaluationReport.Scores all = r.overall();
    assertThat(all.signals()).isEqualTo(5);
    assertThat(all.truePositiveSignals()).isEqualTo(2);
    assertThat(all.decoyFalsePositives()).isEqualTo(1);
    assertThat(all.unmatchedSignals()).isEqualTo(2);
    assertThat(all.episodes()).isEqualTo(3);
    assertThat(all.detected()).isEqualTo(2);
    assertThat(all.decoysSignalled()).isEqualTo(1);
    assertThat(all.precision()).isCloseTo(0.4, within(1e-9));
    assertThat(all.recall()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(all.f1()).isCloseTo(2 * 0.4 * (2 / 3.0) / (0.4 + 2 / 3.0), within(1e-9));
    assertThat(all.latency().meanMs()).isCloseTo(3000, within(1e-6));
    assertThat(all.latency().maxMs()).isCloseTo(4000, within(1e-6));

    EvaluationReport.Scores cep = r.perAlgorithm().get("cep");
    assertThat(cep.signals()).isEqualTo(2);
    assertThat(cep.detected()).isEqualTo(1);
    assertThat(cep.precision()).isCloseTo(0.5, within(1e-9));
    EvaluationReport.Scores vol = r.perAlgorithm().get("volume");
    assertThat(vol.decoyFalsePositives()).isEqualTo(1);
    assertThat(vol.recall()).isCloseTo(1 / 3.0, within(1e-9));

    assertThat(r.perKind().get("SWEEP").episodes()).isEqualTo(2);
    assertThat(r.perKind().get("SWEEP").signalled()).isEqualTo(1);
    assertThat(r.perKind().get("LADDER").latency().medianMs()).isCloseTo(4000, within(1e-6));
    assertThat(r.perKind().get("RETAIL_FRENZY").expectSignal()).isFalse();
    assertThat(r.perKind().get("RETAIL_FRENZY").signalled()).isEqualTo(1);

    assertThat(r.toJson()).contains("\"precision\" : 0.4").contains("\"per_algorithm\"");
    assertThat(r.toTable()).contains("ALL").contains("RETAIL_FRENZY");
  }

  @Test
  void aSignalAfterTheGraceDoesNotCountAndTheGraceIsInclusive() throws Exception {
    String signals =
        signal("late", "cep", 11, "BULLISH", 1000 * S + 10 * S + 1)
            + signal("edge", "cep", 21, "BEARISH", 2005 * S + 10 * S)
            + signal("early", "cep", 31, "BEARISH", 3000 * S - 1);
    EvaluationReport r = run(signals, Duration.ofSeconds(10));
    assertThat(r.overall().detected()).isEqualTo(1);
    assertThat(r.overall().truePositiveSignals()).isEqualTo(1);
    assertThat(r.perKind().get("LADDER").signalled()).isEqualTo(1);
  }

  @Test
  void noSignalsGivesZeroScoresNotErrors() throws Exception {
    EvaluationReport r = run("", Duration.ofSeconds(30));
    assertThat(r.overall().precision()).isZero();
    assertThat(r.overall().recall()).isZero();
    assertThat(r.overall().f1()).isZero();
    assertThat(r.perAlgorithm()).isEmpty();
  }

  @Test
  void aBrokenSignalLineNamesFileAndLine() {
    assertThatThrownBy(
            () ->
                run(
                    signal("ok", "cep", 11, "BULLISH", 1) + "{\"signal_id\":\"x\"}\n",
                    Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signals.jsonl:2")
        .hasMessageContaining("algorithm");
  }

  @Test
  void parsesShortDurations() {
    assertThat(Evaluator.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Evaluator.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Evaluator.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Evaluator.parseDuration("PT1S")).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> Evaluator.parseDuration("3x")).hasMessageContaining("3x");
  }
}
