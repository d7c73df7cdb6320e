package io.nqflow.runner.detect;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.flow.BoundedDetection;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.runner.Sections;
import io.nqflow.runner.source.DbnSource;
import io.nqflow.runner.source.DbnStreams;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nqflow detect}: the flow-detection job graph over DBN files in event time (a backtest),
 * signals written as JSON lines for {@code nqflow evaluate}.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Runs flow detection over DBN files (a folder written by 'nqflow simulate' or recorded"
            + " from Databento) in event time and writes the signals as JSON lines.")
public final class DetectCommand implements Callable<Integer> {
  /** The {@code source} of the market events read from files. */
  static final String SOURCE = DbnSource.SOURCE;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "DIR",
      description = "Folder (or file) of DBN files; day folders are replayed in order.")
  Path input;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Signals file (JSON lines) to write.")
  Path out;

  @Option(
      names = "--variant",
      paramLabel = "V",
      description = "Detection variant (its thresholds come from the profile). Default: profile.")
  String variant;

  @Mixin ProfileOptions profile = new ProfileOptions();

  /** Events of one instrument that may wait for its definition in a bounded run (~40 MB). */
  static final int BOUNDED_MAX_PENDING = 200_000;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    String v = variant != null ? variant : cfg.variant();
    FlowDetectionSettings settings = cfg.section(FlowDetectionSettings.SECTION).withVariant(v);
    // The definitions come from a second source task over the same files; when it is scheduled
    // after the events' task, a busy instrument can queue more than the live cap of events before
    // its definition arrives, and good data would be dead-lettered. The files hold every
    // definition, so here waiting events are bounded by that start-up lag: allow more of them.
    if (settings.maxPendingEvents() < BOUNDED_MAX_PENDING) {
      settings = settings.toBuilder().maxPendingEvents(BOUNDED_MAX_PENDING).build();
    }
    JobSettings js =
        cfg.section(JobSettings.SECTION).withBootstrapServers("unused:9092").withVariant(v);
    PrintStream log = System.err;

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(js.parallelism());
    // Streamed from the files day by day: a session of any length fits in a fixed heap.
    DataStream<MarketEvent> events = DbnStreams.events(env, input, MarketEventTime.watermarks(js));
    DataStream<Instrument> instruments = DbnStreams.instruments(env, input);
    if (out.toAbsolutePath().getParent() != null) {
      OwnerOnly.createMissingDirectories(out.toAbsolutePath().getParent());
    }
    // Created owner-only before the detection truncates and fills it.
    OwnerOnly.write(out, new byte[0]);
    BoundedDetection.Result r = BoundedDetection.run(env, events, instruments, settings, out);
    DbnStreams.Counts in = DbnStreams.Counts.of(r.accumulators());

    for (String problem : in.firstProblems()) {
      log.println("detect: bad input: " + problem);
    }
    if (in.problems() > in.firstProblems().size()) {
      log.println(
          "detect: bad input: ... and " + (in.problems() - in.firstProblems().size()) + " more");
    }
    if (in.events() == 0) {
      throw new IllegalArgumentException("no market events in the DBN files under " + input);
    }
    TreeMap<String, Integer> byAlgorithm = new TreeMap<>();
    r.signals().forEach(s -> byAlgorithm.merge(s.getAlgorithm(), 1, Integer::sum));
    for (DeadLetter d : r.deadLetters()) {
      log.println("detect: dead letter: " + d.getReason());
    }
    System.out.printf(
        "detect: %,d events, %,d instruments (%d bad input) -> %,d signals %s, %,d dead letters,"
            + " variant %s; wrote %s%n",
        in.events(),
        in.instruments(),
        in.problems(),
        r.signals().size(),
        byAlgorithm,
        r.deadLetters().size(),
        v,
        out);
    return in.problems() == 0 && r.deadLetters().isEmpty() ? 0 : 1;
  }
}
