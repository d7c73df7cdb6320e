package io.nqflow.runner.sim;

import io.nqflow.simulator.eval.Evaluation;
import io.nqflow.simulator.eval.Evaluator;
import io.nqflow.simulator.eval.ProtocolReport;
import io.nqflow.simulator.eval.Requirements;
import io.nqflow.simulator.eval.RunLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow evaluate}: scores detector signals against the simulator's truth.jsonl over many
 * runs (each day a session), per kind, regime, algorithm, variant and confidence, with Wilson
 * intervals, and optionally enforces quality bars per regime.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scores signals against truth.jsonl: precision, recall, F1, latency and false signals per"
          + " session-hour, per episode kind, regime, algorithm and variant, with 95%% Wilson"
          + " intervals, and reliability tables per confidence level and score bucket.",
      "Each --run DIR is a folder written by 'nqflow simulate' with its signals file(s) from"
          + " 'nqflow detect'; each (run, day) is a session. Several signals files on the same"
          + " runs (--signals-name repeated, or DIR:NAME,NAME) are scored side by side, labelled"
          + " by their variant field. Matching rules: docs/simulator.md.",
      "Exit code 0, 1 on an error, "
          + EvaluateCommand.EXIT_REQUIREMENTS
          + " when a --require bar is missed (each miss is printed on stderr)."
    })
public final class EvaluateCommand implements Callable<Integer> {
  /** Exit code when the report is fine but a {@code --require} bar is missed. */
  public static final int EXIT_REQUIREMENTS = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      paramLabel = "DIR[:NAME,...]",
      description =
          "A 'nqflow simulate' output folder (repeatable). ':NAME,...' names its signals files,"
              + " otherwise --signals-name.")
  List<String> runs = new ArrayList<>();

  @Option(
      names = "--signals-name",
      paramLabel = "NAME",
      description =
          "Signals file in each run folder (repeatable: one per variant; default signals.jsonl).")
  List<String> signalsNames = new ArrayList<>();

  @Option(
      names = "--truth",
      paramLabel = "FILE",
      description = "A truth.jsonl (instead of --run), scored with --signals.")
  Path truth;

  @Option(
      names = "--signals",
      paramLabel = "FILE",
      description = "Signals JSON lines written by detect, with --truth (repeatable).")
  List<Path> signals = new ArrayList<>();

  @Option(
      names = "--days",
      paramLabel = "mbo|all",
      description =
          "Days scored: mbo = days with a <date>/mbo.dbn (default with --run), all (default with"
              + " --truth).")
  String days;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "Time after an episode's end in which a signal still counts, e.g. 30s, 500ms, 2m (default ${DEFAULT-VALUE}).")
  String grace;

  @Option(
      names = "--min-confidence",
      paramLabel = "LEVEL",
      description =
          "Drop signals below LEVEL (LOW, MODERATE, HIGH, VERY_HIGH, EXTREME) before scoring, as"
              + " risk.min_confidence would.")
  String minConfidence;

  @Option(
      names = "--score-bins",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Score buckets per algorithm in the reliability table (default ${DEFAULT-VALUE}).")
  int scoreBins;

  @Option(
      names = "--require",
      paramLabel = "BARS",
      description =
          "Bars every regime must meet, e.g. recall=0.9,precision=0.9,decoys=0.05 (also f1=,"
              + " false_per_hour=); exit "
              + EXIT_REQUIREMENTS
              + " naming each miss.")
  String require;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Requirements bars = require == null ? null : Requirements.parse(require);
    List<RunLoader.Run> toScore = new ArrayList<>();
    RunLoader.Days defaultDays;
    if (truth != null || !signals.isEmpty()) {
      if (!runs.isEmpty() || !signalsNames.isEmpty()) {
        throw new IllegalArgumentException(
            "use either --run (with --signals-name) or --truth with --signals, not both");
      }
      if (truth == null || signals.isEmpty()) {
        throw new IllegalArgumentException("--truth and --signals go together");
      }
      toScore.add(RunLoader.files(truth, signals));
      defaultDays = RunLoader.Days.ALL;
    } else {
      if (runs.isEmpty()) {
        throw new IllegalArgumentException("nothing to score: give --run DIR or --truth/--signals");
      }
      List<String> names = signalsNames.isEmpty() ? List.of("signals.jsonl") : signalsNames;
      for (String r : runs) {
        toScore.add(run(r, names));
      }
      defaultDays = RunLoader.Days.MBO;
    }
    Evaluation.Options o =
        new Evaluation.Options(
            Evaluator.parseDuration(grace),
            days == null ? defaultDays : RunLoader.Days.parse(days),
            minConfidence,
            scoreBins);
    ProtocolReport r = Evaluation.evaluate(toScore, o);
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? r.toJson() : r.toTable());
    out.flush();
    if (bars == null) {
      return 0;
    }
    List<String> misses = bars.misses(r);
    PrintWriter err = spec.commandLine().getErr();
    for (String m : misses) {
      err.println("evaluate: requirement missed: " + m);
    }
    if (!misses.isEmpty()) {
      err.println("evaluate: " + misses.size() + " requirement(s) missed (" + require + ")");
    }
    err.flush();
    return misses.isEmpty() ? 0 : EXIT_REQUIREMENTS;
  }

  /** {@code DIR} or {@code DIR:NAME[,NAME...]} (an existing folder wins over the split). */
  static RunLoader.Run run(String spec, List<String> defaultNames) {
    int colon = spec.lastIndexOf(':');
    if (colon <= 0 || Files.isDirectory(Path.of(spec))) {
      return RunLoader.folder(Path.of(spec), defaultNames);
    }
    List<String> names =
        Arrays.stream(spec.substring(colon + 1).split(",")).map(String::trim).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("--run " + spec + ": empty signals file name after ':'");
    }
    return RunLoader.folder(Path.of(spec.substring(0, colon)), names);
  }
}
