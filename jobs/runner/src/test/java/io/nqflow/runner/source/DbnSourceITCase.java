package io.nqflow.runner.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.MergedDbnReader;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.runner.Main;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DbnSource} in a MiniCluster: every market event and definition of several days, in event
 * time across the days, and bad input counted and reported instead of dropped.
 */
class DbnSourceITCase {
  @TempDir Path tmp;
  private Path market;

  @BeforeEach
  void simulate() throws Exception {
    market = tmp.resolve("market");
    Simulator.run(
        SimulationConfig.of(21L, 3, Scale.SMALL).withSessionMinutes(5).withFullHistory(true),
        market);
  }

  @Test
  void emitsEveryEventOfEveryDayInEventTimeAndEveryDefinition() throws Exception {
    Expected expected = expected(market);

    Read read = read(market);

    assertThat(read.events).hasSize((int) expected.events);
    assertThat(read.events).extracting(MarketEvent::getSource).containsOnly(DbnSource.SOURCE);
    long[] ts = read.events.stream().mapToLong(MarketEvent::getTsEvent).toArray();
    assertThat(ts).as("event time never goes backwards, across days too").isSorted();
    assertThat(read.events.get(0).getTsEvent())
        .as("three days")
        .isLessThan(read.events.get(read.events.size() - 1).getTsEvent() - 86_400_000_000_000L);
    assertThat(read.instruments).hasSize((int) expected.instruments);
    assertThat(read.counts)
        .isEqualTo(new DbnStreams.Counts(expected.events, expected.instruments, 0, List.of()));
  }

  @Test
  void aLimitedSourceEndsAfterItsFirstEvents() throws Exception {
    Read all = read(market);

    Read first = read(market, DbnSource.events(market).limit(1_000));

    assertThat(first.events).hasSize(1_000).isEqualTo(all.events.subList(0, 1_000));
    assertThat(first.counts.events()).isEqualTo(1_000);
  }

  @Test
  void badInputIsCountedAndTheRestOfTheSessionStillRead() throws Exception {
    Path mbo = market.resolve("2026-01-06").resolve("mbo.dbn");
    byte[] bytes = Files.readAllBytes(mbo);
    // A torn last record: what a copy cut short leaves behind.
    Files.write(mbo, Arrays.copyOf(bytes, bytes.length - 7));
    Expected expected = expected(market);

    Read read = read(market);

    assertThat(read.counts.problems()).isEqualTo(1);
    assertThat(read.counts.firstProblems()).singleElement().asString().contains(mbo.toString());
    assertThat(read.events).hasSize((int) expected.events);
    assertThat(read.counts.events()).isEqualTo(expected.events);
  }

  @Test
  void detectPrintsBadInputAndExitsOne() throws Exception {
    Path mbo = market.resolve("2026-01-07").resolve("mbo.dbn");
    byte[] bytes = Files.readAllBytes(mbo);
    Files.write(mbo, Arrays.copyOf(bytes, bytes.length - 7));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code =
          Main.execute(
              "detect",
              "--input",
              market.toString(),
              "--out",
              tmp.resolve("signals.jsonl").toString(),
              "--profile",
              "local");
    } finally {
      System.setErr(saved);
    }

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("detect: bad input: " + mbo + " at byte ");
  }

  private record Expected(long events, long instruments) {}

  /** What the files hold, counted with the reader the source uses. */
  private static Expected expected(Path root) throws Exception {
    long events = 0;
    long instruments = 0;
    try (MergedDbnReader reader = new MergedDbnReader(SessionFolders.select(root))) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.Rec rec) {
          switch (DbnNormalizer.kindOf(rec.record())) {
            case EVENT -> events++;
            case INSTRUMENT -> instruments++;
            default -> {}
          }
        }
      }
    }
    return new Expected(events, instruments);
  }

  private record Read(
      List<MarketEvent> events, List<Instrument> instruments, DbnStreams.Counts counts) {}

  private static Read read(Path root) throws Exception {
    return read(root, DbnSource.events(root));
  }

  private static Read read(Path root, DbnSource<Either<MarketEvent, String>> source)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    Configuration conf = new Configuration();
    // The source's items must not fall back to Kryo.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(conf);
    CloseableIterator<MarketEvent> events =
        DbnStreams.events(env, source, WatermarkStrategy.noWatermarks()).collectAsync();
    CloseableIterator<Instrument> instruments = DbnStreams.instruments(env, root).collectAsync();
    JobClient job = env.executeAsync("dbn source");
    List<Instrument> defs = new ArrayList<>();
    List<MarketEvent> evs = new ArrayList<>();
    // Small inputs: the definitions fit in the collect buffer while the events are drained.
    try (events) {
      events.forEachRemaining(evs::add);
    }
    try (instruments) {
      instruments.forEachRemaining(defs::add);
    }
    var result = job.getJobExecutionResult().get();
    return new Read(evs, defs, DbnStreams.Counts.of(result.getAllAccumulatorResults()));
  }
}
