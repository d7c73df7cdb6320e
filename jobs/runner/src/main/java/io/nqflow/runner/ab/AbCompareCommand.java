package io.nqflow.runner.ab;

import io.nqflow.core.kafka.TopicReader;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.ops.KafkaOptions;
import io.nqflow.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow ab compare A B}: accuracy and mean P&amp;L per signal of two variants and B − A of
 * both with a seeded bootstrap interval ({@link Bootstrap}, {@link AbComparison}).
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compares the shadow outcomes of two variants: signals, accuracy (share of decided"
          + " outcomes with pnl_usd > 0) and mean P&L per signal (USD, decided outcomes) of each,"
          + " and B - A of both with a bootstrap percentile interval.",
      "A and B are run folders (their outcomes.jsonl), outcomes.jsonl files, either with"
          + " '@VARIANT' to keep one variant of a file that holds several, or, when no such"
          + " folder or file exists, variant names whose outcomes are read from eval.outcomes"
          + " (--bootstrap-servers, or the profile's kafka). Formulas: docs/evaluation.md."
    })
public final class AbCompareCommand implements Callable<Integer> {
  private static final String FILE = "outcomes.jsonl";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "A",
      description = "Baseline: run folder or outcomes.jsonl file [@VARIANT], or variant name.")
  String a;

  @Parameters(
      index = "1",
      paramLabel = "B",
      description = "Candidate: run folder or outcomes.jsonl file [@VARIANT], or variant name.")
  String b;

  @Option(
      names = "--resamples",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Bootstrap resamples, at least 100 (default ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--level",
      paramLabel = "L",
      defaultValue = "0.95",
      description = "Confidence level of the intervals, in (0, 1) (default ${DEFAULT-VALUE}).")
  double level;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Seed of the resampling: the same seed gives the same intervals (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the comparison as JSON.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT60S",
      description =
          "Longest wait for eval.outcomes when A or B is a variant name, ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Mixin KafkaOptions kafka = new KafkaOptions();

  private List<SignalOutcome> topic;

  @Override
  public Integer call() throws IOException, TimeoutException {
    if (resamples < 100) {
      throw new IllegalArgumentException("--resamples must be at least 100, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("--level must be in (0, 1), got " + level);
    }
    AbComparison c = AbComparison.of(load("A", a), load("B", b), resamples, level, seed);
    if (json) {
      spec.commandLine().getOut().print(c.toJson());
      spec.commandLine().getOut().flush();
    } else {
      c.printText(spec.commandLine().getOut());
    }
    return 0;
  }

  /**
   * A run folder or an outcomes file, either with {@code @VARIANT}, or else a variant on
   * eval.outcomes.
   */
  private VariantOutcomes load(String label, String arg) throws IOException, TimeoutException {
    int at = arg.lastIndexOf('@');
    if (at > 0 && !Files.exists(Path.of(arg)) && Files.exists(Path.of(arg.substring(0, at)))) {
      String variant = arg.substring(at + 1);
      VariantOutcomes all = load(label, arg.substring(0, at));
      List<SignalOutcome> mine =
          all.outcomes().stream().filter(o -> o.getVariant().equals(variant)).toList();
      if (mine.isEmpty()) {
        throw new IllegalArgumentException(
            label
                + ": "
                + arg.substring(0, at)
                + " has no outcome of variant '"
                + variant
                + "'; it holds "
                + all.variants());
      }
      return VariantOutcomes.of(label, arg, mine);
    }
    Path p = Path.of(arg);
    if (Files.isDirectory(p)) {
      Path f = p.resolve(FILE);
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException(
            label + ": run folder " + p + " has no " + FILE + " (written by nqflow local)");
      }
      return VariantOutcomes.of(label, p.toString(), OutcomesJsonl.read(f));
    }
    if (Files.isRegularFile(p)) {
      return VariantOutcomes.of(label, p.toString(), OutcomesJsonl.read(p));
    }
    List<SignalOutcome> mine =
        outcomesOnTopic().stream().filter(o -> o.getVariant().equals(arg)).toList();
    if (mine.isEmpty()) {
      throw new IllegalArgumentException(
          label
              + ": '"
              + arg
              + "' is neither a run folder nor a file, and eval.outcomes has no outcome of a"
              + " variant of that name");
    }
    return VariantOutcomes.of(label, Topics.OUTCOMES.name() + " variant " + arg, mine);
  }

  private List<SignalOutcome> outcomesOnTopic() throws TimeoutException {
    if (topic == null) {
      TopicReader reader = new TopicReader(kafka.config(profile));
      topic = reader.readAll(Topics.OUTCOMES, timeout).stream().map(ConsumerRecord::value).toList();
    }
    return topic;
  }
}
