package io.nqflow.runner.report;

import io.nqflow.eval.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow report}: rebuilds the HTML report of a run folder from its outcomes.jsonl (and
 * summary.json when there is one).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Rebuilds the HTML report of a run folder (outputs/<run-id>/, as 'nqflow local' writes it)"
          + " from its outcomes.jsonl and summary.json: the original targets beside the measured"
          + " figures, figures per variant, trading day, algorithm, confidence and time of day,"
          + " equity, drawdown, P&L per trade, hit rates and latency charts, and the trades.",
      "The report is one self-contained HTML file (no network access needed). Figures and"
          + " formulas: docs/evaluation.md.",
      "Exit code 0, 2 when the folder or a file in it is missing or malformed (the message names"
          + " the file and line)."
    })
public final class ReportCommand implements Callable<Integer> {
  /** Exit code of a missing or malformed input. */
  public static final int EXIT_INPUT = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "DIR",
      description = "Run folder holding outcomes.jsonl, e.g. outputs/local-20261205-224643.")
  Path run;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Report file to write. Default: DIR/report.html.")
  Path out;

  @Override
  public Integer call() throws IOException {
    var err = spec.commandLine().getErr();
    if (!Files.isDirectory(run)) {
      err.println(
          "nqflow report: "
              + run
              + (Files.exists(run) ? " is not a folder" : ": no such run folder"));
      return EXIT_INPUT;
    }
    Path outcomes = run.resolve(RunReport.OUTCOMES);
    if (!Files.isRegularFile(outcomes)) {
      err.println(
          "nqflow report: "
              + outcomes
              + ": missing (a run of 'nqflow local' writes it; the folder is not a run folder)");
      return EXIT_INPUT;
    }
    Path target = out != null ? out : run.resolve(RunReport.REPORT);
    try {
      RunReport.write(run, target);
    } catch (IllegalArgumentException e) {
      err.println("nqflow report: " + e.getMessage());
      return EXIT_INPUT;
    }
    spec.commandLine().getOut().println("report: " + target);
    return 0;
  }
}
