package io.nqflow.runner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.simulator.TruthFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nqflow simulate --regime}: one regime or a mixed week, recorded in the manifest. */
class SimulateCommandTest {
  @TempDir Path tmp;

  private static int simulate(String... args) {
    return new CommandLine(new SimulateCommand()).execute(args);
  }

  @Test
  void aMixedWeekGivesEverySessionItsOwnRegime() throws Exception {
    Path out = tmp.resolve("mixed");
    assertThat(
            simulate(
                "--seed",
                "4",
                "--days",
                "7",
                "--session-minutes",
                "3",
                "--regime",
                "mixed",
                "--out",
                out.toString()))
        .isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertThat(m.get("regime").asText()).isEqualTo("mixed");
    assertThat(m.get("extended_decoys").asBoolean()).isTrue();
    Set<String> regimes = new HashSet<>();
    m.get("days").forEach(d -> regimes.add(d.get("regime").asText()));
    assertThat(regimes)
        .containsExactlyInAnyOrder(
            "quiet",
            "normal",
            "high_vol_trend",
            "gap_open",
            "expiration",
            "news_jump",
            "lunch_lull");
  }

  @Test
  void oneRegimeForEveryDayAndTheDecoysCanBeLeftOut() throws Exception {
    Path out = tmp.resolve("quiet");
    assertThat(
            simulate(
                "--seed",
                "4",
                "--days",
                "2",
                "--session-minutes",
                "30",
                "--regime",
                "QUIET",
                "--no-extended-decoys",
                "--out",
                out.toString()))
        .isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertThat(m.get("regime").asText()).isEqualTo("quiet");
    assertThat(m.get("extended_decoys").asBoolean()).isFalse();
    assertThat(TruthFile.read(out.resolve("truth.jsonl")))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.regime()).isEqualTo("quiet"))
        .noneMatch(e -> e.kind().equals("MM_HEDGE") || e.kind().equals("CLOSING_PRINT"));
  }

  @Test
  void anUnknownRegimeIsRefusedAndHelpExplainsTheOption() {
    CommandLine cli = new CommandLine(new SimulateCommand());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--seed", "1", "--regime", "stormy", "--out", tmp.toString()))
        .isNotZero();
    assertThat(err.toString()).contains("unknown regime 'stormy'");
    assertThat(Files.exists(tmp.resolve("manifest.json"))).isFalse();
    StringWriter help = new StringWriter();
    cli.setOut(new PrintWriter(help));
    cli.execute("--help");
    assertThat(help.toString()).contains("--regime", "mixed", "lunch_lull", "--no-extended-decoys");
  }
}
