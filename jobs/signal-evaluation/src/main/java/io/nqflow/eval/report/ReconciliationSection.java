package io.nqflow.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "Reconciliation" section of a run report: shown when the run folder holds {@value #FILE}
 * (written by {@code nqflow reconcile} into the paced run's folder, the JSON of {@link
 * io.nqflow.eval.reconcile.Reconciliation#toJson()}). Differences are paced − replay; prices in
 * option points and USD, times in ms.
 */
final class ReconciliationSection {
  /** The reconciliation file of a run folder. */
  static final String FILE = "reconciliation.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String END = "</body></html>";

  private ReconciliationSection() {}

  /**
   * {@code html} with the section inserted before its end when {@code file} exists, else {@code
   * html}.
   *
   * @throws IllegalArgumentException naming the file when it is not a JSON object
   */
  static String insert(String html, Path file) throws IOException {
    if (!Files.exists(file)) {
      return html;
    }
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject() || !n.path("totals").isObject()) {
      throw new IllegalArgumentException(file + ": expected a reconciliation (no 'totals')");
    }
    int at = html.lastIndexOf(END);
    if (at < 0) {
      return html;
    }
    return html.substring(0, at) + section(n) + html.substring(at);
  }

  static String section(JsonNode n) {
    JsonNode t = n.path("totals");
    StringBuilder b = new StringBuilder("<h2>Reconciliation</h2>");
    b.append("<p class=\"note\">This paced run against its replay ")
        .append(Html.esc(n.path("replay").asText("")))
        .append(", matched by signal_id; differences are paced − replay.</p>");
    b.append("<table id=\"reconciliation\"><tr><th class=\"t\">item</th><th>value</th></tr>");
    for (String k :
        new String[] {
          "paced_signals",
          "replay_signals",
          "matched",
          "only_paced",
          "only_replay",
          "decisions_differing",
          "traded_both",
          "traded_only_paced",
          "traded_only_replay"
        }) {
      row(b, k.replace('_', ' '), k, String.valueOf(t.path(k).asLong()));
    }
    b.append("</table>");
    b.append("<table id=\"reconciliation-differences\"><tr><th class=\"t\">difference</th>")
        .append("<th>mean |d|</th><th>max |d|</th></tr>");
    stat(b, "fill price (points)", t.path("fill_price_points"), 1, 4);
    stat(b, "fill price (USD)", t.path("fill_price_usd"), 1, 2);
    stat(b, "fill time (ms)", t.path("fill_time_ns"), 1e6, 3);
    stat(b, "slippage (points)", t.path("slippage_points"), 1, 4);
    stat(b, "signal-to-fill (ms)", t.path("signal_to_fill_ns"), 1e6, 3);
    b.append("</table>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String label, String key, String value) {
    b.append("<tr><td class=\"t\">")
        .append(Html.esc(label))
        .append("</td><td data-k=\"")
        .append(key)
        .append("\">")
        .append(Html.esc(value))
        .append("</td></tr>");
  }

  private static void stat(StringBuilder b, String label, JsonNode s, double unit, int decimals) {
    b.append("<tr><td class=\"t\">")
        .append(Html.esc(label))
        .append("</td><td>")
        .append(Html.num(s.path("mean_abs").asDouble() / unit, decimals))
        .append("</td><td>")
        .append(Html.num(s.path("max_abs").asDouble() / unit, decimals))
        .append("</td></tr>");
  }
}
