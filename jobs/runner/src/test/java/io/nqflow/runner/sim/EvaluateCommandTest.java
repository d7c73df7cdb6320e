package io.nqflow.runner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.runner.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nqflow evaluate} on hand-built runs: two sessions of regime normal with one sweep each, of
 * which one is found, so recall is 1/2 and precision 1/1.
 */
class EvaluateCommandTest {
  static final long S = 1_000_000_000L;

  @TempDir Path tmp;
  Path run;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int evaluate(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "evaluate";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  static long at(String utc) {
    Instant i = Instant.parse(utc);
    return i.getEpochSecond() * S;
  }

  @BeforeEach
  void twoDaysWithMbo() throws Exception {
    run = tmp.resolve("run");
    for (String d : new String[] {"2026-01-05", "2026-01-06", "2026-01-07"}) {
      Files.createDirectories(run.resolve(d));
    }
    // 2026-01-07 has no mbo.dbn: its episode and signal are left out by default.
    Files.write(run.resolve("2026-01-05/mbo.dbn"), new byte[] {1});
    Files.write(run.resolve("2026-01-06/mbo.dbn"), new byte[] {1});
    Files.writeString(
        run.resolve("manifest.json"),
        "{\"session_minutes\":390,\"days\":[{\"date\":\"2026-01-05\"},{\"date\":\"2026-01-06\"},"
            + "{\"date\":\"2026-01-07\"}]}");
    long d1 = at("2026-01-05T15:00:00Z");
    long d2 = at("2026-01-06T15:00:00Z");
    long d3 = at("2026-01-07T15:00:00Z");
    Files.writeString(
        run.resolve("truth.jsonl"),
        episode("e1", d1, "2026-01-05")
            + episode("e2", d2, "2026-01-06")
            + episode("e3", d3, "2026-01-07"));
    Files.writeString(
        run.resolve("signals.jsonl"), signal("s1", d1 + S, "HIGH") + signal("s3", d3 + S, "HIGH"));
  }

  static String episode(String id, long ts, String day) {
    return "{\"id\":\""
        + id
        + "\",\"kind\":\"SWEEP\",\"instrument_ids\":[11],"
        + "\"direction\":\"BULLISH\",\"ts_start\":"
        + ts
        + ",\"ts_end\":"
        + ts
        + ",\"expect_signal\":true,\"day\":\""
        + day
        + "\",\"regime\":\"normal\"}\n";
  }

  static String signal(String id, long ts, String confidence) {
    return "{\"signal_id\":\""
        + id
        + "\",\"variant\":\"conservative\",\"algorithm\":\"cep_sweep\","
        + "\"instrument_id\":11,\"direction\":\"BULLISH\",\"confidence\":\""
        + confidence
        + "\",\"score\":3,\"ts_event\":"
        + ts
        + "}\n";
  }

  @Test
  void aMissedBarExitsWithThreeNamingRegimeAndMetric() {
    int code = evaluate("--run", run.toString(), "--require", "recall=0.9,precision=0.9");

    assertThat(code).isEqualTo(EvaluateCommand.EXIT_REQUIREMENTS);
    assertThat(err.toString())
        .contains(
            "evaluate: requirement missed: regime normal: recall 0.500 [0.095,0.905] (1/2) below"
                + " 0.9")
        .contains("evaluate: 1 requirement(s) missed")
        .doesNotContain("missed: regime normal: precision");
    assertThat(out.toString())
        .contains("2 sessions from 1 runs (days: mbo), 13.0 session-hours")
        .contains("left out: 1 days without mbo.dbn (1 episodes), 1 signals");
  }

  @Test
  void barsThatHoldExitWithZero() {
    int code = evaluate("--run", run.toString(), "--require", "precision=1,decoys=0.05");
    assertThat(code).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void daysAllScoresTheTradesOnlyDayToo() throws Exception {
    int code = evaluate("--run", run + ":signals.jsonl", "--days", "all", "--json");
    assertThat(code).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertThat(r.get("sessions")).hasSize(3);
    JsonNode v = r.get("variants").get(0);
    assertThat(v.get("variant").asText()).isEqualTo("conservative");
    assertThat(v.at("/overall/recall").asDouble()).isCloseTo(2 / 3.0, within(1e-4));
    assertThat(v.at("/per_regime/normal/recall_ci95/0").asDouble()).isCloseTo(0.2077, within(1e-3));
  }

  @Test
  void theTruthAndSignalsFormStillWorksAndScoresEveryDay() {
    int code =
        evaluate(
            "--truth", run.resolve("truth.jsonl").toString(),
            "--signals", run.resolve("signals.jsonl").toString());
    assertThat(code).isZero();
    assertThat(out.toString()).contains("3 sessions from 1 runs (days: all)");
  }

  @Test
  void aMissingSignalsFileNamesTheFileAndTheFolder() {
    int code = evaluate("--run", run.toString(), "--signals-name", "signals-v3.jsonl");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("no signals file signals-v3.jsonl in run folder " + run);
  }

  @Test
  void helpDescribesRunsAndBars() {
    // picocli reports a description it cannot format on System.err, then prints it raw.
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    int code;
    try {
      System.setErr(
          new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
      code = evaluate("--help");
    } finally {
      System.setErr(stderr);
    }
    assertThat(code).isZero();
    assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("Could not format");
    assertThat(out.toString())
        .contains("--run")
        .contains("--require")
        .contains("--min-confidence")
        .contains("95% Wilson");
  }
}
