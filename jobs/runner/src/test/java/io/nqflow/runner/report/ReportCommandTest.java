package io.nqflow.runner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.runner.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
  /** One decided outcome: +48.50 USD, variant "A". */
  static final String LINE =
      "{\"signal_id\":\"s-1\",\"variant\":\"A\",\"algorithm\":\"cep_block\",\"instrument_id\":1,"
          + "\"outcome\":\"TARGET\",\"entry_price\":10000000000,\"exit_price\":12500000000,"
          + "\"mfe_points\":2.5,\"mae_points\":0,\"pnl_usd\":48.5,\"slippage_usd\":1,"
          + "\"ts_signal\":1772463600000000000,\"ts_exit\":1772463660000000000,"
          + "\"multiplier_usd\":20,\"confidence\":\"HIGH\"}";

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ReportCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void rebuildsTheReportOfARunFolder() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("local-1"));
    Files.writeString(run.resolve("outcomes.jsonl"), LINE + "\n");
    assertThat(run("--run", run.toString())).isZero();
    Path report = run.resolve("report.html");
    assertThat(out.toString()).contains("report: " + report);
    assertThat(Files.readString(report))
        .contains("nqflow report: local-1")
        .contains("<td data-k=\"pnl_usd\">48.50</td>")
        .contains("<td data-k=\"accuracy\">100.0%</td>");

    Path elsewhere = tmp.resolve("r.html");
    assertThat(run("--run", run.toString(), "--out", elsewhere.toString())).isZero();
    assertThat(elsewhere).exists();
  }

  @Test
  void aMissingOrBadRunFolderIsAnInputErrorNamingTheFile() throws Exception {
    assertThat(run("--run", tmp.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nope: no such run folder");

    Path run = Files.createDirectories(tmp.resolve("local-2"));
    assertThat(run("--run", run.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(run.resolve("outcomes.jsonl") + ": missing");

    Files.writeString(run.resolve("outcomes.jsonl"), LINE + "\n{\"signal_id\":\"s-2\"}\n");
    assertThat(run("--run", run.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains(run.resolve("outcomes.jsonl") + ":2: missing field 'variant'");
    assertThat(run.resolve("report.html")).doesNotExist();
  }

  @Test
  void isASubcommandOfNqflowWithHelp() {
    CommandLine cli = new CommandLine(new Main());
    assertThat(cli.getSubcommands()).containsKey("report");
    StringWriter help = new StringWriter();
    cli.getSubcommands().get("report").usage(new PrintWriter(help));
    assertThat(help.toString())
        .contains("--run=DIR")
        .contains("--out=FILE")
        .contains("self-contained");
  }
}
