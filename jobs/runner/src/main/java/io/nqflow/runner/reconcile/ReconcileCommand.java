package io.nqflow.runner.reconcile;

import io.nqflow.core.files.OwnerOnly;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.reconcile.Reconciliation;
import io.nqflow.eval.reconcile.Reconciliation.DecisionDiff;
import io.nqflow.eval.reconcile.Reconciliation.FillDiff;
import io.nqflow.eval.reconcile.Reconciliation.Stat;
import io.nqflow.eval.report.RunReport;
import io.nqflow.eval.v1.SignalOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow reconcile}: compares a paced run folder with its replay signal by signal ({@link
 * Reconciliation}); differences are paced − replay, prices in option points and USD, times in ns
 * (printed in ms).
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reconciles a paced run (shadow/live, execution.paper.clock: ARRIVAL) with its replay"
          + " (event clock) of the same market data, point by point: signals are matched by"
          + " signal_id in both run folders' outcomes.jsonl.",
      "Reports signals only in one run, decisions that differ (approved, decision_reason),"
          + " signals filled in one run only and, for signals filled in both, the differences"
          + " paced - replay of fill price (points and USD = points x multiplier_usd x quantity),"
          + " fill time (ts_fill), slippage (fill_slippage_points) and signal-to-fill latency,"
          + " with counts and mean/max absolute differences. Formulas: docs/evaluation.md.",
      "Exit code 0, 2 when a folder or its outcomes.jsonl is missing or malformed (the message"
          + " names the file and line)."
    })
public final class ReconcileCommand implements Callable<Integer> {
  /** Exit code of a missing or malformed input. */
  public static final int EXIT_INPUT = 2;

  private static final String OUTCOMES = "outcomes.jsonl";

  @Spec CommandSpec spec;

  @Option(
      names = "--paced",
      required = true,
      paramLabel = "DIR",
      description = "Run folder of the paced (shadow/live, wall-clock) run.")
  Path paced;

  @Option(
      names = "--replay",
      required = true,
      paramLabel = "DIR",
      description = "Run folder of the replay (event clock) of the same market data.")
  Path replay;

  @Option(names = "--json", description = "Print the reconciliation as JSON.")
  boolean json;

  @Option(
      names = "--no-write",
      description =
          "Do not write DIR/reconciliation.json into the paced run folder (by default it is"
              + " written, and 'nqflow report' of that folder shows a Reconciliation section).")
  boolean noWrite;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<SignalOutcome> a;
    List<SignalOutcome> b;
    try {
      a = read(paced);
      b = read(replay);
    } catch (IllegalArgumentException e) {
      err.println("nqflow reconcile: " + e.getMessage());
      return EXIT_INPUT;
    }
    Reconciliation r = Reconciliation.of(a, b);
    PrintWriter out = spec.commandLine().getOut();
    Path written = null;
    if (!noWrite) {
      var doc = r.toJson();
      doc.put("replay", replay.toString());
      written =
          OwnerOnly.writeString(paced.resolve(RunReport.RECONCILIATION), doc.toPrettyString());
    }
    if (json) {
      out.println(r.toJson().toPrettyString());
    } else {
      text(out, r);
      if (written != null) {
        out.println(
            "reconciliation: " + written + " (shown by 'nqflow report --run " + paced + "')");
      }
    }
    out.flush();
    return 0;
  }

  private static List<SignalOutcome> read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir + (Files.exists(dir) ? " is not a folder" : ": no such run folder"));
    }
    Path file = dir.resolve(OUTCOMES);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          file + ": missing (a run of 'nqflow local' writes it; the folder is not a run folder)");
    }
    return OutcomesJsonl.read(file);
  }

  private void text(PrintWriter out, Reconciliation r) {
    var t = r.totals();
    out.printf(
        Locale.ROOT,
        "signals: paced %d, replay %d, matched %d, only paced %d, only replay %d%n",
        t.pacedSignals(),
        t.replaySignals(),
        t.matched(),
        t.onlyPaced(),
        t.onlyReplay());
    out.printf(
        Locale.ROOT,
        "decisions differing: %d; traded in both: %d, paced only: %d, replay only: %d%n",
        t.decisionsDiffering(),
        t.tradedBoth(),
        t.tradedOnlyPaced(),
        t.tradedOnlyReplay());
    out.println("differences paced - replay over signals traded in both (mean |d|, max |d|):");
    stat(out, "fill price (points)", t.fillPricePoints(), 1, "%.4f");
    stat(out, "fill price (USD)", t.fillPriceUsd(), 1, "%.2f");
    stat(out, "fill time (ms)", t.fillTimeNs(), 1e6, "%.3f");
    stat(out, "slippage (points)", t.slippagePoints(), 1, "%.4f");
    stat(out, "signal-to-fill (ms)", t.signalToFillNs(), 1e6, "%.3f");
    list(out, "only in paced", r.onlyPaced());
    list(out, "only in replay", r.onlyReplay());
    list(out, "traded in paced only", r.tradedOnlyPaced());
    list(out, "traded in replay only", r.tradedOnlyReplay());
    if (!r.decisions().isEmpty()) {
      out.println("decisions that differ (paced | replay):");
      for (DecisionDiff d : r.decisions()) {
        out.printf(
            Locale.ROOT,
            "  %s: %s %s | %s %s%n",
            d.signalId(),
            d.pacedApproved() ? "approved" : "rejected",
            d.pacedReason(),
            d.replayApproved() ? "approved" : "rejected",
            d.replayReason());
      }
    }
    if (!r.fills().isEmpty()) {
      out.println(
          "fills (signal: paced fill, replay fill, d points, d USD, d time ms, d slippage points,"
              + " d signal-to-fill ms):");
      for (FillDiff f : r.fills()) {
        out.printf(
            Locale.ROOT,
            "  %s: %.4f %.4f %+.4f %+.2f %+.3f %+.4f %+.3f%n",
            f.signalId(),
            f.pacedFillPoints(),
            f.replayFillPoints(),
            f.fillPricePoints(),
            f.fillPriceUsd(),
            f.fillTimeNs() / 1e6,
            f.slippagePoints(),
            f.signalToFillNs() / 1e6);
      }
    }
  }

  private static void stat(PrintWriter out, String name, Stat s, double unit, String fmt) {
    out.printf(
        Locale.ROOT,
        "  %-20s " + fmt + "  " + fmt + "%n",
        name,
        s.meanAbs() / unit,
        s.maxAbs() / unit);
  }

  private static void list(PrintWriter out, String name, List<String> ids) {
    if (!ids.isEmpty()) {
      out.println(name + ": " + String.join(", ", ids));
    }
  }
}
