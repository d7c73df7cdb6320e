package io.nqflow.eval.report;

import static io.nqflow.eval.report.Html.esc;

import io.nqflow.eval.v1.SignalOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTML of a run's report: one self-contained page (inline CSS and SVG, no script, no network)
 * with the targets, the figures per variant, day, algorithm, confidence and hour, the charts and
 * the trades behind them. Cells carry {@code data-k} (the figure) and rows {@code data-variant} /
 * {@code data-key} so that tools can read the page back.
 */
final class ReportPage {
  private static final String CSS =
      "body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}"
          + "h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:32px}"
          + "h3{font-size:15px}table{border-collapse:collapse;margin:8px 0 16px;font-size:12px}"
          + "th,td{border:1px solid #ccc;padding:3px 6px;text-align:right;white-space:nowrap}"
          + "th{background:#f2f2f2}td.t,th.t{text-align:left}.met{color:#2e7d32;font-weight:bold}"
          + ".missed{color:#c62828;font-weight:bold}.row{display:flex;flex-wrap:wrap;gap:16px}"
          + ".chart{border:1px solid #e0e0e0;background:#fff}.note{color:#555;font-size:13px}"
          + ".scroll{max-height:480px;overflow:auto}";

  private final String title;
  private final List<SignalOutcome> outcomes;
  private final Map<String, String> summary;
  private final String note;
  private final Map<String, List<SignalOutcome>> variants;
  private final StringBuilder b = new StringBuilder(64 * 1024);

  ReportPage(String title, List<SignalOutcome> outcomes, Map<String, String> summary, String note) {
    this.title = title;
    this.outcomes = outcomes;
    this.summary = summary;
    this.note = note;
    this.variants = Dimension.VARIANT.groups(outcomes);
  }

  String render() {
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>")
        .append(esc("nqflow report: " + title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    b.append("<h1>").append(esc("nqflow report: " + title)).append("</h1>\n");
    b.append("<p class=\"note\" id=\"source\">").append(esc(note)).append("</p>\n");
    summarySection();
    if (outcomes.isEmpty()) {
      b.append("<h2>Outcomes</h2><p id=\"no-outcomes\">There are no outcomes in this run.</p>\n");
    } else {
      targetsSection();
      figuresSection();
      equitySection();
      hitRateSection();
      latencySection();
      tablesSection();
      tradesSection();
    }
    b.append("<p class=\"note\">Figures, formulas and units: docs/evaluation.md.</p>");
    return b.append("</body></html>\n").toString();
  }

  private void summarySection() {
    if (summary.isEmpty()) {
      return;
    }
    b.append("<h2>Run summary</h2><table id=\"summary\"><tr><th class=\"t\">field</th>")
        .append("<th class=\"t\">value</th></tr>");
    summary.forEach(
        (k, v) ->
            b.append("<tr data-key=\"")
                .append(esc(k))
                .append("\"><td class=\"t\">")
                .append(esc(k))
                .append("</td><td class=\"t\">")
                .append(esc(v))
                .append("</td></tr>"));
    b.append("</table>\n");
  }

  private void targetsSection() {
    b.append("<h2>Targets vs measured</h2><table id=\"targets\"><tr><th class=\"t\">variant</th>")
        .append("<th class=\"t\">figure</th><th>target</th><th>measured</th><th>met</th></tr>");
    StringBuilder charts = new StringBuilder("<div class=\"row\">");
    variants.forEach(
        (v, list) -> {
          List<Targets.Row> rows = Targets.of(list);
          for (Targets.Row r : rows) {
            String target = "> " + (r.percent() ? Html.pct(r.target()) : Html.ratio(r.target()));
            String measured = r.percent() ? Html.pct(r.measured()) : Html.ratio(r.measured());
            b.append("<tr data-variant=\"")
                .append(esc(v))
                .append("\" data-key=\"")
                .append(esc(r.name()))
                .append("\"><td class=\"t\">")
                .append(esc(v))
                .append("</td><td class=\"t\">")
                .append(esc(r.name()))
                .append("</td><td>")
                .append(esc(target))
                .append("</td><td data-k=\"measured\">")
                .append(esc(measured))
                .append("</td><td class=\"")
                .append(r.met() ? "met\">yes" : "missed\">no")
                .append("</td></tr>");
          }
          charts.append(Svg.targets("targets", "Targets vs measured: " + v, rows));
        });
    b.append("</table>\n<p class=\"note\">Accuracy = wins / decided outcomes; win/loss = mean win")
        .append(" / mean |loss|; ROI = P&amp;L / premium at risk; ROI vs v1 = (ROI - ROI of ")
        .append(esc(Targets.V1))
        .append(") / |ROI of ")
        .append(esc(Targets.V1))
        .append("| of the same variant.</p>")
        .append(charts)
        .append("</div>\n");
  }

  private void figuresSection() {
    b.append("<h2>Figures per variant</h2>");
    figureTable("by-variant", Dimension.VARIANT, true);
  }

  private void equitySection() {
    b.append("<h2>Equity, drawdown and P&amp;L per trade</h2>")
        .append(
            "<p class=\"note\">Decided outcomes in exit order; USD after fees and slippage.</p>")
        .append("<div class=\"row\">");
    variants.forEach(
        (v, list) -> {
          Equity e = Equity.of(list);
          double[] eq = e.points().stream().mapToDouble(Equity.Point::equityUsd).toArray();
          double[] dd = e.points().stream().mapToDouble(p -> -p.drawdownUsd()).toArray();
          double[] pnl = e.points().stream().mapToDouble(p -> p.outcome().getPnlUsd()).toArray();
          b.append("<div>")
              .append(
                  Svg.line("equity", "Equity curve: " + v, eq, "trade (exit order)", "USD", false))
              .append("<br>")
              .append(
                  Svg.line(
                      "drawdown",
                      "Drawdown (underwater): " + v,
                      dd,
                      "trade (exit order)",
                      "USD",
                      true))
              .append("<br>")
              .append(Svg.bars("pnl", "P&L per trade: " + v, pnl, "trade (exit order)", "USD"))
              .append("</div>");
        });
    b.append("</div>\n");
  }

  private void hitRateSection() {
    b.append("<h2>Hit rate by algorithm and by confidence</h2>")
        .append(
            "<p class=\"note\">Accuracy = wins / decided outcomes; dashed line: the 75% target.</p>")
        .append("<div class=\"row\">");
    variants.forEach(
        (v, list) -> {
          b.append("<div>");
          for (Dimension d : List.of(Dimension.ALGORITHM, Dimension.CONFIDENCE)) {
            Map<String, Figures> f = d.figures(list);
            List<String> labels = new ArrayList<>(f.keySet());
            double[] acc = f.values().stream().mapToDouble(Figures::accuracy).toArray();
            b.append(
                    Svg.rates(
                        "hit-" + d.name().toLowerCase(),
                        "Hit rate by " + d.label() + ": " + v,
                        labels,
                        acc,
                        Targets.ACCURACY))
                .append("<br>");
          }
          b.append("</div>");
        });
    b.append("</div>\n");
  }

  private void latencySection() {
    b.append("<h2>Latency</h2><div class=\"row\">");
    StringBuilder table =
        new StringBuilder(
            "<table id=\"latency\"><tr><th class=\"t\">variant</th><th class=\"t\">measure</th>"
                + "<th class=\"t\">unit</th><th>n</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr>");
    variants.forEach(
        (v, list) -> {
          Latency l = Latency.of(list);
          b.append(
              Svg.histogram(
                  "latency",
                  "Latency (" + l.measure() + "): " + v,
                  l.histogram(20),
                  0,
                  l.max(),
                  l.unit()));
          table
              .append("<tr data-variant=\"")
              .append(esc(v))
              .append("\"><td class=\"t\">")
              .append(esc(v))
              .append("</td><td class=\"t\">")
              .append(esc(l.measure()))
              .append("</td><td class=\"t\">")
              .append(esc(l.unit()))
              .append("</td><td data-k=\"n\">")
              .append(l.values().length)
              .append("</td>");
          for (double p : new double[] {0.5, 0.9, 0.99, 1.0}) {
            table
                .append("<td data-k=\"p")
                .append(p == 1.0 ? "max" : String.valueOf((int) Math.round(p * 100)))
                .append("\">")
                .append(esc(Html.num(l.percentile(p), 3)))
                .append("</td>");
          }
          table.append("</tr>");
        });
    b.append("</div>\n").append(table).append("</table>\n");
  }

  private void tablesSection() {
    for (Dimension d :
        List.of(Dimension.DAY, Dimension.ALGORITHM, Dimension.CONFIDENCE, Dimension.HOUR)) {
      b.append("<h2>Figures per ").append(esc(d.label())).append("</h2>");
      figureTable("by-" + d.name().toLowerCase(), d, d == Dimension.ALGORITHM);
    }
  }

  private void figureTable(String id, Dimension d, boolean roiVsV1) {
    b.append("<div class=\"scroll\"><table id=\"").append(id).append("\"><tr>");
    if (d != Dimension.VARIANT) {
      b.append("<th class=\"t\">variant</th>");
    }
    b.append("<th class=\"t\">").append(esc(d.label())).append("</th>");
    for (Column c : Column.values()) {
      b.append("<th>").append(esc(c.heading())).append("</th>");
    }
    if (roiVsV1) {
      b.append("<th>ROI vs v1</th>");
    }
    b.append("</tr>");
    variants.forEach(
        (v, list) -> {
          double roiV1 = Targets.roiV1(list);
          Map<String, Figures> groups =
              d == Dimension.VARIANT ? Map.of(v, Figures.of(list)) : d.figures(list);
          groups.forEach(
              (k, f) -> {
                b.append("<tr data-variant=\"")
                    .append(esc(v))
                    .append("\" data-key=\"")
                    .append(esc(k))
                    .append("\">");
                if (d != Dimension.VARIANT) {
                  b.append("<td class=\"t\">").append(esc(v)).append("</td>");
                }
                b.append("<td class=\"t\">").append(esc(k)).append("</td>");
                for (Column c : Column.values()) {
                  b.append("<td data-k=\"")
                      .append(c.key())
                      .append("\">")
                      .append(esc(c.format(f)))
                      .append("</td>");
                }
                if (roiVsV1) {
                  b.append("<td data-k=\"roi_vs_v1\">")
                      .append(esc(Html.pct(Targets.roiUplift(f.roi(), roiV1))))
                      .append("</td>");
                }
                b.append("</tr>");
              });
        });
    b.append("</table></div>\n");
  }

  private void tradesSection() {
    b.append(
            "<h2>Trades</h2><p class=\"note\">Decided outcomes in exit order (the # of the charts)")
        .append(", then open ones. Times UTC.</p>");
    b.append(
            "<div class=\"scroll\"><table id=\"trades\"><tr><th>#</th><th class=\"t\">variant</th>")
        .append(
            "<th class=\"t\">signal</th><th class=\"t\">algorithm</th><th class=\"t\">confidence</th>")
        .append(
            "<th class=\"t\">signal time</th><th class=\"t\">outcome</th><th>entry</th><th>exit</th>")
        .append("<th>P&amp;L points</th><th>P&amp;L USD</th><th>fees + slippage USD</th>")
        .append("<th>equity USD</th><th class=\"t\">approved</th></tr>");
    variants.forEach(
        (v, list) -> {
          int i = 0;
          for (Equity.Point p : Equity.of(list).points()) {
            trade(v, String.valueOf(++i), p.outcome(), Html.usd(p.equityUsd()));
          }
          for (SignalOutcome o : list) {
            if (!Equity.decided(o)) {
              trade(v, "", o, "");
            }
          }
        });
    b.append("</table></div>\n");
  }

  private void trade(String variant, String n, SignalOutcome o, String equity) {
    b.append("<tr data-variant=\"")
        .append(esc(variant))
        .append("\" data-key=\"")
        .append(esc(o.getSignalId()))
        .append("\"><td>")
        .append(n)
        .append("</td><td class=\"t\">")
        .append(esc(variant))
        .append("</td><td class=\"t\">")
        .append(esc(o.getSignalId()))
        .append("</td><td class=\"t\">")
        .append(esc(o.getAlgorithm()))
        .append("</td><td class=\"t\">")
        .append(esc(o.getConfidence()))
        .append("</td><td class=\"t\">")
        .append(esc(time(o.getTsSignal())))
        .append("</td><td class=\"t\">")
        .append(o.getOutcome())
        .append("</td><td>")
        .append(Html.num(o.getEntryPrice() / 1e9, 2))
        .append("</td><td>")
        .append(o.getExitPrice() == null ? "" : Html.num(o.getExitPrice() / 1e9, 2))
        .append("</td><td>")
        .append(Html.num(o.getPnlPoints(), 2))
        .append("</td><td data-k=\"pnl_usd\">")
        .append(Html.usd(o.getPnlUsd()))
        .append("</td><td>")
        .append(Html.usd(o.getFeesUsd() + o.getSlippageUsd()))
        .append("</td><td data-k=\"equity_usd\">")
        .append(equity)
        .append("</td><td class=\"t\">")
        .append(o.getApproved() ? "yes" : "no")
        .append("</td></tr>");
  }

  private static String time(long ns) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L)).toString();
  }
}
