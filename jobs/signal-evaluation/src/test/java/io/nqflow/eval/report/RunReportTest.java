package io.nqflow.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  @TempDir Path tmp;

  private Path run(List<SignalOutcome> outcomes) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("run-1"));
    StringWriter w = new StringWriter();
    OutcomesJsonl.write(w, outcomes);
    Files.writeString(dir.resolve("outcomes.jsonl"), w.toString());
    return dir;
  }

  private static String cell(String html, String table, String key, String k) {
    Matcher t =
        Pattern.compile("<table id=\"" + table + "\">(.*?)</table>", Pattern.DOTALL).matcher(html);
    assertThat(t.find()).as("table %s", table).isTrue();
    Matcher r =
        Pattern.compile(
                "<tr data-variant=\"[^\"]*\" data-key=\"" + Pattern.quote(key) + "\">(.*?)</tr>")
            .matcher(t.group(1));
    assertThat(r.find()).as("row %s of %s", key, table).isTrue();
    Matcher c = Pattern.compile("<td data-k=\"" + k + "\">([^<]*)</td>").matcher(r.group(1));
    assertThat(c.find()).as("cell %s", k).isTrue();
    return c.group(1);
  }

  @Test
  void theReportShowsTheHandComputedFigures() throws Exception {
    Path dir = run(FiguresTest.WEEK);
    Files.writeString(
        dir.resolve("summary.json"), "{\"run_id\": \"run-1\", \"signals\": {\"total\": 6}}");
    Path out = RunReport.write(dir);
    assertThat(out).isEqualTo(dir.resolve("report.html"));
    String html = Files.readString(out);
    assertThat(cell(html, "by-variant", "A", "signals")).isEqualTo("6");
    assertThat(cell(html, "by-variant", "A", "accuracy")).isEqualTo("60.0%");
    assertThat(cell(html, "by-variant", "A", "win_loss")).isEqualTo("1.33");
    assertThat(cell(html, "by-variant", "A", "profit_factor")).isEqualTo("2.00");
    assertThat(cell(html, "by-variant", "A", "expectancy_usd")).isEqualTo("26.00");
    assertThat(cell(html, "by-variant", "A", "sharpe")).isEqualTo("8.58");
    assertThat(cell(html, "by-variant", "A", "sortino")).isEqualTo("29.79");
    assertThat(cell(html, "by-variant", "A", "max_dd_usd")).isEqualTo("130.00");
    assertThat(cell(html, "by-variant", "A", "max_dd_duration")).isEqualTo("1d 23h 55m");
    assertThat(cell(html, "by-variant", "A", "fp_rate")).isEqualTo("40.0%");
    assertThat(cell(html, "by-variant", "A", "cost_usd")).isEqualTo("3.00");
    assertThat(cell(html, "by-variant", "A", "approved_share")).isEqualTo("66.7%");
    assertThat(cell(html, "by-variant", "A", "roi")).isEqualTo("13.0%");
    assertThat(cell(html, "by-variant", "A", "roi_vs_v1")).isEqualTo("-62.9%");
    assertThat(cell(html, "by-algorithm", "ifd_v1_volume_ratio", "roi_vs_v1")).isEqualTo("0.0%");
    assertThat(cell(html, "by-algorithm", "cep_block", "accuracy")).isEqualTo("33.3%");
    assertThat(cell(html, "by-day", "2026-03-03", "pnl_usd")).isEqualTo("-40.00");
    assertThat(cell(html, "by-day", "2026-03-03", "sharpe")).isEqualTo("n/a");
    assertThat(cell(html, "targets", "accuracy", "measured")).isEqualTo("60.0%");
    assertThat(cell(html, "trades", "t5", "equity_usd")).isEqualTo("130.00");
    assertThat(html).contains("<td class=\"t\">signals.total</td><td class=\"t\">6</td>");
    assertThat(html).doesNotContain("http://", "https://", "<script", "<link");
  }

  @Test
  void everyTextIsEscaped() throws Exception {
    String evil = "<img src=x onerror=alert(1)>&\"'";
    SignalOutcome o =
        SignalOutcome.newBuilder(
                Outcomes.decided(
                    "s<1>",
                    evil,
                    evil,
                    OutcomeKind.TARGET,
                    5,
                    "2026-03-02T15:00:00Z",
                    "2026-03-02T15:01:00Z",
                    true))
            .setVariant(evil)
            .build();
    String html = RunReport.render("r<un>", List.of(o), java.util.Map.of("kk<", "vv>"), "nn<");
    assertThat(html).doesNotContain("<img", "r<un>", "s<1>", "kk<", "vv>", "nn<");
    assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;");
  }

  @Test
  void aRunWithoutOutcomesSaysSo() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    String html = Files.readString(RunReport.write(dir));
    assertThat(html).contains("id=\"no-outcomes\"").contains("There are no outcomes in this run.");
  }

  @Test
  void errorsNameTheFolderOrTheFileAndLine() throws Exception {
    assertThatThrownBy(() -> RunReport.write(tmp.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope: no such run folder");
    Path dir = run(FiguresTest.WEEK);
    Files.writeString(
        dir.resolve("outcomes.jsonl"),
        "\n{\"signal_id\": 1}\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> RunReport.write(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcomes.jsonl:8");
    Files.delete(dir.resolve("outcomes.jsonl"));
    Files.writeString(dir.resolve("summary.json"), "{\n\"a\": }");
    assertThatThrownBy(() -> RunReport.write(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("summary.json:2:");
  }

  @Test
  void formats() {
    assertThat(Html.pct(2 / 3.0)).isEqualTo("66.7%");
    assertThat(Html.usd(-0.001)).isEqualTo("0.00");
    assertThat(Html.usd(Double.NaN)).isEqualTo("n/a");
    assertThat(Html.duration(3_723_000_000_000L)).isEqualTo("1h 02m 03s");
    assertThat(Html.duration(65_000_000_000L)).isEqualTo("1m 05s");
  }
}
