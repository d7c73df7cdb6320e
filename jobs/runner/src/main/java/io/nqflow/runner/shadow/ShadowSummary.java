package io.nqflow.runner.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.report.Figures;
import io.nqflow.eval.report.RunReport;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weekly summary of a shadow run: the outcomes of every session's run folder concatenated into
 * {@code DIR/outcomes.jsonl}, {@code DIR/summary.json} (sessions, signals, outcomes by kind,
 * P&amp;L in USD, accuracy as a fraction, overall and per session; figures from {@link Figures}, an
 * undefined figure is null) and {@code DIR/report.html} ({@link RunReport}).
 */
public final class ShadowSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShadowSummary() {}

  /**
   * Reads {@code dir/<session>/outcomes.jsonl} of each session (a session without the file has no
   * outcomes) and writes the three summary files into {@code dir}.
   *
   * @return the summary JSON written
   */
  public static ObjectNode write(Path dir, List<String> sessions) throws IOException {
    Map<String, List<SignalOutcome>> perSession = new LinkedHashMap<>();
    for (String s : sessions) {
      Path file = dir.resolve(s).resolve(RunReport.OUTCOMES);
      perSession.put(s, Files.exists(file) ? OutcomesJsonl.read(file) : List.of());
    }
    List<SignalOutcome> all = new ArrayList<>();
    perSession.values().forEach(all::addAll);
    try (Writer w =
        new OutputStreamWriter(
            OwnerOnly.newOutputStream(dir.resolve(RunReport.OUTCOMES)), StandardCharsets.UTF_8)) {
      OutcomesJsonl.write(w, all);
    }
    ObjectNode summary = summarize(perSession);
    OwnerOnly.writeString(
        dir.resolve(RunReport.SUMMARY),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    RunReport.write(dir);
    return summary;
  }

  /** The summary of some sessions' outcomes, sessions in the map's order. */
  public static ObjectNode summarize(Map<String, List<SignalOutcome>> perSession) {
    List<SignalOutcome> all = new ArrayList<>();
    perSession.values().forEach(all::addAll);
    ObjectNode root = JSON.createObjectNode();
    root.put("sessions", perSession.size());
    figures(root, all);
    ObjectNode each = root.putObject("per_session");
    perSession.forEach((name, outcomes) -> figures(each.putObject(name), outcomes));
    return root;
  }

  private static void figures(ObjectNode n, List<SignalOutcome> outcomes) {
    Figures f = Figures.of(outcomes);
    n.put("signals", f.signals());
    ObjectNode kinds = n.putObject("outcomes");
    for (OutcomeKind k : OutcomeKind.values()) {
      kinds.put(k.name(), outcomes.stream().filter(o -> o.getOutcome() == k).count());
    }
    n.put("decided", f.decided());
    n.put("wins", f.wins());
    n.put("losses", f.losses());
    number(n, "accuracy", f.accuracy());
    number(n, "total_pnl_usd", f.totalPnlUsd());
    number(n, "expectancy_usd", f.expectancyUsd());
    number(n, "win_loss", f.winLoss());
    number(n, "profit_factor", f.profitFactor());
    number(n, "max_drawdown_usd", f.maxDrawdownUsd());
    n.put("approved", f.approved());
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }
}
