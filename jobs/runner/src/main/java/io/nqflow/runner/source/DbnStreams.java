package io.nqflow.runner.source;

import io.nqflow.jobs.common.MarketEventSerializer;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The DBN files of a bounded run as Flink streams from {@link DbnSource}: market events (with
 * event-time watermarks) and instrument definitions, counted in job accumulators, with bad input
 * counted and its first {@link #KEPT_PROBLEMS} texts kept for the caller to report ({@link
 * Counts#of}).
 */
public final class DbnStreams {
  /** Problem texts kept in the accumulator; the count covers all of them. */
  public static final int KEPT_PROBLEMS = 100;

  static final String EVENTS = "dbn-events";
  static final String INSTRUMENTS = "dbn-instruments";
  static final String PROBLEMS = "dbn-problems";
  static final String PROBLEM_TEXTS = "dbn-problem-texts";

  private DbnStreams() {}

  /**
   * The market events of {@code source}, timestamped and watermarked by {@code watermarks} at the
   * source; its problems are counted, not emitted. Source and counting run with parallelism 1.
   */
  public static DataStream<MarketEvent> events(
      StreamExecutionEnvironment env,
      DbnSource<Either<MarketEvent, String>> source,
      WatermarkStrategy<MarketEvent> watermarks) {
    return env.fromSource(source, new LeftWatermarks(watermarks), "dbn files")
        .setParallelism(1)
        .process(new CountProblems())
        .returns(MarketEventSerializer.TYPE)
        // Same parallelism as the source: a rebalance here would reorder an instrument's events.
        .setParallelism(1)
        .name("dbn market events");
  }

  /** The events of the DBN files under {@code root}. */
  public static DataStream<MarketEvent> events(
      StreamExecutionEnvironment env, Path root, WatermarkStrategy<MarketEvent> watermarks) {
    return events(env, DbnSource.events(root), watermarks);
  }

  /** The instrument definitions of the DBN files under {@code root}, counted. */
  public static DataStream<Instrument> instruments(StreamExecutionEnvironment env, Path root) {
    return env.fromSource(
            DbnSource.instruments(root), WatermarkStrategy.noWatermarks(), "dbn definitions")
        .setParallelism(1)
        .map(new CountInstruments())
        .returns(new AvroTypeInfo<>(Instrument.class))
        .setParallelism(1)
        .name("dbn instrument definitions");
  }

  /**
   * What a finished job read.
   *
   * @param events market events emitted
   * @param instruments instrument definitions emitted
   * @param problems bad input found (file, offset, reason), all of it
   * @param firstProblems the texts of the first {@link #KEPT_PROBLEMS} problems
   */
  public record Counts(long events, long instruments, long problems, List<String> firstProblems) {
    /** The counts in a finished job's accumulators (zero for a stream the job did not have). */
    public static Counts of(Map<String, Object> accumulators) {
      @SuppressWarnings("unchecked")
      List<String> texts = (List<String>) accumulators.getOrDefault(PROBLEM_TEXTS, List.of());
      return new Counts(
          number(accumulators, EVENTS),
          number(accumulators, INSTRUMENTS),
          number(accumulators, PROBLEMS),
          List.copyOf(texts));
    }

    private static long number(Map<String, Object> acc, String name) {
      Object v = acc.get(name);
      return v == null ? 0 : ((Number) v).longValue();
    }
  }

  /** Passes the market events on; counts them and the problems, keeping the first texts. */
  static final class CountProblems
      extends ProcessFunction<Either<MarketEvent, String>, MarketEvent> {
    private transient LongCounter events;
    private transient LongCounter problems;
    private transient ListAccumulator<String> texts;

    @Override
    public void open(OpenContext openContext) {
      events = new LongCounter();
      problems = new LongCounter();
      texts = new ListAccumulator<>();
      getRuntimeContext().addAccumulator(EVENTS, events);
      getRuntimeContext().addAccumulator(PROBLEMS, problems);
      getRuntimeContext().addAccumulator(PROBLEM_TEXTS, texts);
    }

    @Override
    public void processElement(
        Either<MarketEvent, String> item, Context ctx, Collector<MarketEvent> out) {
      if (item.isLeft()) {
        events.add(1L);
        out.collect(item.left());
        return;
      }
      if (problems.getLocalValue() < KEPT_PROBLEMS) {
        texts.add(item.right());
      }
      problems.add(1L);
    }
  }

  /** Identity that counts the definitions. */
  static final class CountInstruments extends RichMapFunction<Instrument, Instrument> {
    private transient LongCounter count;

    @Override
    public void open(OpenContext openContext) {
      count = new LongCounter();
      getRuntimeContext().addAccumulator(INSTRUMENTS, count);
    }

    @Override
    public Instrument map(Instrument i) {
      count.add(1L);
      return i;
    }
  }

  /**
   * A market-event watermark strategy applied to the source's items: events are timestamped and
   * drive the watermarks; problems keep the previous timestamp and are ignored.
   */
  static final class LeftWatermarks implements WatermarkStrategy<Either<MarketEvent, String>> {
    private static final long serialVersionUID = 1L;
    private final WatermarkStrategy<MarketEvent> events;

    LeftWatermarks(WatermarkStrategy<MarketEvent> events) {
      this.events = events;
    }

    @Override
    public WatermarkGenerator<Either<MarketEvent, String>> createWatermarkGenerator(
        WatermarkGeneratorSupplier.Context context) {
      WatermarkGenerator<MarketEvent> g = events.createWatermarkGenerator(context);
      return new WatermarkGenerator<>() {
        @Override
        public void onEvent(Either<MarketEvent, String> item, long ts, WatermarkOutput output) {
          if (item.isLeft()) {
            g.onEvent(item.left(), ts, output);
          }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
          g.onPeriodicEmit(output);
        }
      };
    }

    @Override
    public TimestampAssigner<Either<MarketEvent, String>> createTimestampAssigner(
        TimestampAssignerSupplier.Context context) {
      TimestampAssigner<MarketEvent> a = events.createTimestampAssigner(context);
      return (item, previous) ->
          item.isLeft() ? a.extractTimestamp(item.left(), previous) : previous;
    }
  }
}
