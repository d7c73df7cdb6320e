package io.nqflow.runner.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tiny simulated shadow sessions through the real local stack: a run folder each, and a summary
 * whose outcomes are exactly the sessions' outcomes.
 */
class ShadowCommandITCase {
  @TempDir Path tmp;

  @Test
  void twoSimulatedSessionsGetTheirRunFoldersAndASummary() throws Exception {
    NqflowConfig cfg = Sections.load(new ProfileOptions("local"));
    ShadowCommand c = new ShadowCommand();
    c.sessions = 2;
    c.seed = 7L;
    c.duration = "3m";
    c.speed = "max";
    List<ShadowCommand.Session> plan = c.plan(cfg.simulator().seed());
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    int rc = c.run(cfg, plan, tmp, new PrintStream(console, true, StandardCharsets.UTF_8));

    assertThat(rc).isZero();
    List<SignalOutcome> expected = new ArrayList<>();
    for (String s : List.of("session-1", "session-2")) {
      Path run = tmp.resolve(s);
      assertThat(run.resolve("summary.json")).exists();
      assertThat(run.resolve("report.html")).exists();
      expected.addAll(OutcomesJsonl.read(run.resolve("outcomes.jsonl")));
    }
    assertThat(expected).as("the sessions' outcomes").isNotEmpty();
    List<SignalOutcome> all = OutcomesJsonl.read(tmp.resolve("outcomes.jsonl"));
    assertThat(all).isEqualTo(expected);
    JsonNode summary = new ObjectMapper().readTree(Files.readString(tmp.resolve("summary.json")));
    assertThat(summary.get("sessions").asInt()).isEqualTo(2);
    assertThat(summary.get("signals").asInt()).isEqualTo(expected.size());
    assertThat(
            summary.get("per_session").get("session-1").get("signals").asInt()
                + summary.get("per_session").get("session-2").get("signals").asInt())
        .isEqualTo(expected.size());
    assertThat(tmp.resolve("report.html")).exists();
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("shadow: 2 session(s)");
  }
}
