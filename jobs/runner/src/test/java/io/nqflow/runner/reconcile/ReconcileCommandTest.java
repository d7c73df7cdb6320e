package io.nqflow.runner.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.eval.report.RunReport;
import io.nqflow.runner.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReconcileCommandTest {
  static final long T0 = 1772463600000000000L;

  static String line(String id, boolean approved, String reason, Long fill, long afterNs) {
    String s =
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
            + "\",\"multiplier_usd\":20,\"quantity\":1";
    if (fill != null) {
      s +=
          ",\"fill_price\":"
              + fill
              + ",\"ts_fill\":"
              + (T0 + afterNs)
              + ",\"fill_slippage_points\":0.0,\"signal_to_fill_ns\":"
              + afterNs;
    }
    return s + "}";
  }

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ReconcileCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /**
   * Paced: s1 filled at 12.50 after 5 ms, s2 approved; replay: s1 at 12.00 after 2 ms, s2 rejected,
   * s3.
   */
  private Path[] folders() throws Exception {
    Path paced = Files.createDirectories(tmp.resolve("shadow-1"));
    Path replay = Files.createDirectories(tmp.resolve("local-1"));
    Files.writeString(
        paced.resolve("outcomes.jsonl"),
        line("s1", true, "approved", 12_500_000_000L, 5_000_000)
            + "\n"
            + line("s2", true, "approved", null, 0)
            + "\n");
    Files.writeString(
        replay.resolve("outcomes.jsonl"),
        line("s1", true, "approved", 12_000_000_000L, 2_000_000)
            + "\n"
            + line("s2", false, "daily_loss", null, 0)
            + "\n"
            + line("s3", true, "approved", null, 0)
            + "\n");
    return new Path[] {paced, replay};
  }

  @Test
  void printsTheReconciliationAsText() throws Exception {
    Path[] f = folders();
    assertThat(run("--paced", f[0].toString(), "--replay", f[1].toString())).isZero();
    // s1: +0.5 points x 20 USD x 1 = +10 USD, 5 ms - 2 ms = +3 ms.
    assertThat(out.toString())
        .contains("signals: paced 2, replay 3, matched 2, only paced 0, only replay 1")
        .contains("decisions differing: 1; traded in both: 1, paced only: 0, replay only: 0")
        .contains("only in replay: s3")
        .contains("s2: approved approved | rejected daily_loss")
        .contains("s1: 12.5000 12.0000 +0.5000 +10.00 +3.000 +0.0000 +3.000")
        .contains("reconciliation: " + f[0].resolve("reconciliation.json"));
    assertThat(err.toString()).isEmpty();

    // The paced folder's report shows the reconciliation it now holds.
    String html = RunReport.render(f[0]);
    assertThat(html)
        .contains("<h2>Reconciliation</h2>")
        .contains("<td data-k=\"matched\">2</td>")
        .contains("<td data-k=\"only_replay\">1</td>")
        .contains("<td class=\"t\">fill price (USD)</td><td>10.00</td><td>10.00</td>")
        .contains("<td class=\"t\">fill time (ms)</td><td>3.000</td><td>3.000</td>");
    assertThat(RunReport.render(f[1])).doesNotContain("<h2>Reconciliation</h2>");
  }

  @Test
  void noWriteLeavesThePacedFolderAlone() throws Exception {
    Path[] f = folders();
    assertThat(run("--paced", f[0].toString(), "--replay", f[1].toString(), "--no-write")).isZero();
    assertThat(f[0].resolve("reconciliation.json")).doesNotExist();
  }

  @Test
  void aMalformedReconciliationFileIsNamedByTheReport() throws Exception {
    Path[] f = folders();
    Files.writeString(f[0].resolve("reconciliation.json"), "[1]");
    assertThatThrownBy(() -> RunReport.render(f[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f[0].resolve("reconciliation.json") + ": expected a reconciliation");
  }

  @Test
  void printsJson() throws Exception {
    Path[] f = folders();
    assertThat(run("--paced", f[0].toString(), "--replay", f[1].toString(), "--json")).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.at("/totals/only_replay").intValue()).isEqualTo(1);
    assertThat(j.at("/fills/0/fill_price_usd").doubleValue()).isEqualTo(10.0);
    assertThat(j.at("/fills/0/fill_time_ns").longValue()).isEqualTo(3_000_000L);
    assertThat(j.at("/decisions/0/signal_id").textValue()).isEqualTo("s2");
  }

  @Test
  void aMissingFolderOrFileIsAnInputErrorNamingIt() throws Exception {
    Path[] f = folders();
    assertThat(run("--paced", tmp.resolve("nope").toString(), "--replay", f[1].toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("nope: no such run folder");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThat(run("--paced", f[0].toString(), "--replay", empty.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(empty.resolve("outcomes.jsonl") + ": missing");

    Files.writeString(f[1].resolve("outcomes.jsonl"), "{\"signal_id\":\"s9\"}\n");
    assertThat(run("--paced", f[0].toString(), "--replay", f[1].toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(f[1].resolve("outcomes.jsonl") + ":1: missing field 'variant'");
  }

  @Test
  void isASubcommandOfNqflowWithHelp() {
    CommandLine cli = new CommandLine(new Main());
    assertThat(cli.getSubcommands()).containsKey("reconcile");
    StringWriter help = new StringWriter();
    cli.getSubcommands().get("reconcile").usage(new PrintWriter(help));
    assertThat(help.toString())
        .contains("--paced=DIR")
        .contains("--replay=DIR")
        .contains("--json")
        .contains("signal_id");
  }
}
