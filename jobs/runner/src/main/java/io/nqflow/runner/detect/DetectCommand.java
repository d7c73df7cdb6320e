package io.nqflow.runner.detect;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.normalize.NormalizationException;
import io.nqflow.feed.replay.MergedDbnReader;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.flow.BoundedDetection;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.runner.Sections;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
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
  static final String SOURCE = "dbn-file";

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

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    String v = variant != null ? variant : cfg.variant();
    FlowDetectionSettings settings = cfg.section(FlowDetectionSettings.SECTION).withVariant(v);
    JobSettings js =
        cfg.section(JobSettings.SECTION).withBootstrapServers("unused:9092").withVariant(v);
    PrintStream log = System.err;

    Inputs in = read(input);
    for (String problem : in.problems()) {
      log.println("detect: bad input: " + problem);
    }
    if (in.events().isEmpty()) {
      throw new IllegalArgumentException("no market events in the DBN files under " + input);
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(js.parallelism());
    DataStream<MarketEvent> events =
        env.fromData(in.events(), new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js))
            .name("dbn market events");
    DataStream<Instrument> instruments =
        env.fromData(in.instruments(), new AvroTypeInfo<>(Instrument.class))
            .name("dbn instrument definitions");
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    BoundedDetection.Result r = BoundedDetection.run(env, events, instruments, settings, out);

    TreeMap<String, Integer> byAlgorithm = new TreeMap<>();
    r.signals().forEach(s -> byAlgorithm.merge(s.getAlgorithm(), 1, Integer::sum));
    for (DeadLetter d : r.deadLetters()) {
      log.println("detect: dead letter: " + d.getReason());
    }
    System.out.printf(
        "detect: %,d events, %,d instruments (%d bad input) -> %,d signals %s, %,d dead letters,"
            + " variant %s; wrote %s%n",
        in.events().size(),
        in.instruments().size(),
        in.problems().size(),
        r.signals().size(),
        byAlgorithm,
        r.deadLetters().size(),
        v,
        out);
    return in.problems().isEmpty() && r.deadLetters().isEmpty() ? 0 : 1;
  }

  /** What the DBN files hold, normalized; problems name the file and offset. */
  record Inputs(List<Instrument> instruments, List<MarketEvent> events, List<String> problems) {}

  /** Reads every selected DBN file under {@code root}, merged in event time. */
  static Inputs read(Path root) throws Exception {
    List<Path> files = SessionFolders.select(root);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no DBN files under " + root);
    }
    DbnNormalizer normalizer = new DbnNormalizer(SOURCE);
    List<Instrument> instruments = new ArrayList<>();
    List<MarketEvent> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.BadInput bad) {
          problems.add(bad.file() + " at byte " + bad.offset() + ": " + bad.reason());
          continue;
        }
        MergedDbnReader.Rec rec = (MergedDbnReader.Rec) item;
        try {
          switch (DbnNormalizer.kindOf(rec.record())) {
            case INSTRUMENT -> instruments.add(normalizer.instrument(rec.record()));
            case EVENT -> events.add(normalizer.event(rec.record()));
            case NOT_AN_EVENT -> {}
          }
        } catch (NormalizationException e) {
          problems.add(rec.file() + ": " + e.getMessage());
        }
      }
    }
    return new Inputs(instruments, events, problems);
  }
}
