package io.nqflow.runner.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow run's summary over hand-made sessions; expected figures computed by hand. */
class ShadowSummaryTest {
  @TempDir Path tmp;

  // 2026-12-01 16:33:20 UTC and 2026-12-02 16:33:20 UTC (two CME trading days), ns.
  private static final long DAY1 = 1_796_142_800L * 1_000_000_000L;
  private static final long DAY2 = DAY1 + 86_400L * 1_000_000_000L;

  private static SignalOutcome outcome(String id, OutcomeKind kind, double pnl, long ts) {
    return SignalOutcome.newBuilder()
        .setSignalId(id)
        .setVariant("A")
        .setAlgorithm("sweep")
        .setInstrumentId(1)
        .setOutcome(kind)
        .setEntryPrice(2_000_000_000L)
        .setExitPrice(kind == OutcomeKind.OPEN ? null : 2_000_000_000L)
        .setMfePoints(0)
        .setMaePoints(0)
        .setPnlUsd(pnl)
        .setSlippageUsd(0)
        .setTsSignal(ts)
        .setTsExit(kind == OutcomeKind.OPEN ? null : ts + 1)
        .setMultiplierUsd(20)
        .setApproved(true)
        .build();
  }

  private static Map<String, List<SignalOutcome>> twoSessions() {
    Map<String, List<SignalOutcome>> m = new LinkedHashMap<>();
    // Session 1: +100, -50, +30 (decided), one open -> 2 wins of 3 decided, P&L +80.
    m.put(
        "mon",
        List.of(
            outcome("a", OutcomeKind.TARGET, 100, DAY1),
            outcome("b", OutcomeKind.STOP, -50, DAY1 + 1),
            outcome("c", OutcomeKind.EXPIRY, 30, DAY1 + 2),
            outcome("d", OutcomeKind.OPEN, 0, DAY1 + 3)));
    // Session 2: -20 -> 0 wins of 1 decided, P&L -20.
    m.put("tue", List.of(outcome("e", OutcomeKind.STOP, -20, DAY2)));
    return m;
  }

  @Test
  void summarizesAllSessionsAndEachSession() {
    JsonNode s = ShadowSummary.summarize(twoSessions());

    assertThat(s.get("sessions").asInt()).isEqualTo(2);
    assertThat(s.get("signals").asInt()).isEqualTo(5);
    assertThat(s.get("decided").asInt()).isEqualTo(4);
    assertThat(s.get("outcomes").get("TARGET").asInt()).isEqualTo(1);
    assertThat(s.get("outcomes").get("STOP").asInt()).isEqualTo(2);
    assertThat(s.get("outcomes").get("EXPIRY").asInt()).isEqualTo(1);
    assertThat(s.get("outcomes").get("OPEN").asInt()).isEqualTo(1);
    assertThat(s.get("total_pnl_usd").asDouble()).isEqualTo(60.0);
    assertThat(s.get("accuracy").asDouble()).isEqualTo(0.5);
    // mean win 65 / mean loss 35
    assertThat(s.get("win_loss").asDouble())
        .isCloseTo(65.0 / 35.0, org.assertj.core.data.Offset.offset(1e-12));

    JsonNode mon = s.get("per_session").get("mon");
    assertThat(mon.get("signals").asInt()).isEqualTo(4);
    assertThat(mon.get("total_pnl_usd").asDouble()).isEqualTo(80.0);
    assertThat(mon.get("accuracy").asDouble())
        .isCloseTo(2.0 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
    JsonNode tue = s.get("per_session").get("tue");
    assertThat(tue.get("signals").asInt()).isEqualTo(1);
    assertThat(tue.get("accuracy").asDouble()).isEqualTo(0.0);
    assertThat(tue.get("total_pnl_usd").asDouble()).isEqualTo(-20.0);
    // No win in the session: win/loss is undefined and written as null.
    assertThat(tue.get("win_loss").isNull()).isTrue();
    assertThat(s.get("per_session").fieldNames()).toIterable().containsExactly("mon", "tue");
  }

  @Test
  void writesConcatenatedOutcomesSummaryAndReport() throws Exception {
    Map<String, List<SignalOutcome>> sessions = twoSessions();
    for (var e : sessions.entrySet()) {
      Path d = Files.createDirectories(tmp.resolve(e.getKey()));
      StringWriter w = new StringWriter();
      OutcomesJsonl.write(w, e.getValue());
      Files.writeString(d.resolve("outcomes.jsonl"), w.toString());
    }
    Files.createDirectories(tmp.resolve("empty")); // a session without outcomes

    ShadowSummary.write(tmp, List.of("mon", "tue", "empty"));

    List<SignalOutcome> all = OutcomesJsonl.read(tmp.resolve("outcomes.jsonl"));
    assertThat(all).extracting(SignalOutcome::getSignalId).containsExactly("a", "b", "c", "d", "e");
    JsonNode json = new ObjectMapper().readTree(Files.readString(tmp.resolve("summary.json")));
    assertThat(json.get("sessions").asInt()).isEqualTo(3);
    assertThat(json.get("per_session").get("empty").get("signals").asInt()).isZero();
    assertThat(json.get("per_session").get("empty").get("accuracy").isNull()).isTrue();
    assertThat(Files.readString(tmp.resolve("report.html"))).contains("<html").contains("sweep");
  }

  @Test
  void badInputFolderAndSessionCountAreClearErrors() {
    ShadowCommand c = new ShadowCommand();
    c.input = tmp.resolve("nope");
    assertThatThrownBy(() -> c.plan(1))
        .hasMessageContaining("nope")
        .hasMessageContaining("no such folder");
    c.input = tmp;
    assertThatThrownBy(() -> c.plan(1)).hasMessageContaining("no session sub-folder");
    c.input = null;
    c.sessions = 0;
    assertThatThrownBy(() -> c.plan(1)).hasMessageContaining("--sessions 0");
    c.sessions = 3;
    c.seed = 10L;
    assertThat(assertDoesNotThrowPlan(c))
        .extracting(ShadowCommand.Session::seed)
        .containsExactly(10L, 11L, 12L);
  }

  @Test
  void helpExplainsBothModesAndTheOutputs() {
    String help = new picocli.CommandLine(new ShadowCommand()).getUsageMessage();
    assertThat(help)
        .contains("--sessions=N", "--input=DIR", "--seed=S", "--out=DIR")
        .contains("summary.json", "outcomes.jsonl", "report.html")
        .contains("Default: 5");
  }

  private static List<ShadowCommand.Session> assertDoesNotThrowPlan(ShadowCommand c) {
    try {
      return c.plan(1);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
