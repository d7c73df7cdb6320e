package io.nqflow.runner.sim;

import io.nqflow.simulator.eval.EvaluationReport;
import io.nqflow.simulator.eval.Evaluator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nqflow evaluate}: scores detector signals against the simulator's truth.jsonl. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Scores signals against truth.jsonl: precision, recall, F1, latency per kind and algorithm.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--truth", required = true, description = "truth.jsonl written by simulate.")
  Path truth;

  @Option(
      names = "--signals",
      required = true,
      description = "Signals JSON lines written by detect.")
  Path signals;

  @Option(
      names = "--grace",
      defaultValue = "30s",
      description =
          "Time after an episode's end in which a signal still counts, e.g. 30s, 500ms, 2m (default ${DEFAULT-VALUE}).")
  String grace;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    EvaluationReport r = Evaluator.evaluate(truth, signals, Evaluator.parseDuration(grace));
    System.out.println(json ? r.toJson() : r.toTable());
    return 0;
  }
}
