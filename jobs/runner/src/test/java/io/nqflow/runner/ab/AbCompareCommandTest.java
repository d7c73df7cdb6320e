package io.nqflow.runner.ab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.runner.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AbCompareCommandTest {
  @TempDir Path tmp;

  private Path run(String name, List<SignalOutcome> outcomes) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    try (Writer w =
        Files.newBufferedWriter(dir.resolve("outcomes.jsonl"), StandardCharsets.UTF_8)) {
      OutcomesJsonl.write(w, outcomes);
    }
    return dir;
  }

  private record Result(int code, String out, String err) {}

  private static Result nqflow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void comparesTwoRunFoldersAsJson() throws Exception {
    Path a = run("run-a", AbOutcomes.fixed("baseline", 400, 50, 600, 25));
    Path b = run("run-b", AbOutcomes.fixed("candidate", 600, 50, 400, 25));

    Result r = nqflow("ab", "compare", a.toString(), b.toString(), "--json", "--seed", "3");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.at("/a/signals").asInt()).isEqualTo(1000);
    assertThat(j.at("/a/variants/0").asText()).isEqualTo("baseline");
    assertThat(j.at("/a/accuracy").asDouble()).isEqualTo(0.4);
    assertThat(j.at("/b/pnl_per_signal_usd").asDouble()).isEqualTo(20.0);
    assertThat(j.at("/difference/accuracy/estimate").asDouble()).isCloseTo(0.2, within());
    assertThat(j.at("/difference/pnl_per_signal_usd/estimate").asDouble())
        .isCloseTo(15.0, within());
    assertThat(j.at("/difference/accuracy/excludes_zero").asBoolean()).isTrue();
    assertThat(j.at("/difference/accuracy/low").asDouble()).isBetween(0.14, 0.2);
    assertThat(j.at("/bootstrap/resamples").asInt()).isEqualTo(10_000);
    assertThat(j.at("/bootstrap/level").asDouble()).isEqualTo(0.95);
    assertThat(j.at("/bootstrap/seed").asLong()).isEqualTo(3);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void printsATextTable() throws Exception {
    Path a = run("run-a", AbOutcomes.fixed("baseline", 400, 50, 600, 25));
    Path b = run("run-b", AbOutcomes.fixed("candidate", 600, 50, 400, 25));

    Result r = nqflow("ab", "compare", a.toString(), b.resolve("outcomes.jsonl").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("A          1000     1000    0.4000            5.00  " + a + " (baseline)")
        .contains("B - A  accuracy +0.2000 [")
        .contains("P&L/signal +15.00 USD [")
        .contains("95% bootstrap percentile interval, 10000 resamples, seed 1");
  }

  @Test
  void saysWhatIsWrongWithARunFolderWithoutOutcomesAndWithBadOptions() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("empty"));
    Path b = run("run-b", AbOutcomes.fixed("candidate", 6, 50, 4, 25));

    Result r = nqflow("ab", "compare", a.toString(), b.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("A: run folder " + a + " has no outcomes.jsonl");

    Result few = nqflow("ab", "compare", b.toString(), b.toString(), "--resamples", "50");
    assertThat(few.code()).isEqualTo(1);
    assertThat(few.err()).contains("--resamples must be at least 100, got 50");
  }

  @Test
  void picksOneVariantOfARunThatHoldsTwo() throws Exception {
    List<SignalOutcome> both = new java.util.ArrayList<>(AbOutcomes.fixed("base", 4, 50, 6, 25));
    both.addAll(AbOutcomes.fixed("cand", 6, 50, 4, 25));
    Path run = run("run-ab", both);

    Result r = nqflow("ab", "compare", run + "@base", run + "@cand", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.at("/a/signals").asInt()).isEqualTo(10);
    assertThat(j.at("/a/accuracy").asDouble()).isEqualTo(0.4);
    assertThat(j.at("/b/accuracy").asDouble()).isEqualTo(0.6);
    assertThat(j.at("/a/source").asText()).isEqualTo(run + "@base");

    Result none = nqflow("ab", "compare", run + "@other", run + "@cand");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("has no outcome of variant 'other'; it holds [base, cand]");
  }

  @Test
  void helpNamesTheFormulasAndOptions() {
    Result r = nqflow("ab", "compare", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--resamples", "--level", "--seed", "--json", "bootstrap");
  }
}
