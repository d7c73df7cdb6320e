package io.nqflow.flow;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.confirm.SignalConfirmation;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.flow.ifd.MboPressureFunction;
import io.nqflow.flow.ifd.VolumeRatioFunction;
import io.nqflow.flow.pattern.AccumulationPattern;
import io.nqflow.flow.pattern.BlockPattern;
import io.nqflow.flow.pattern.CepSupport;
import io.nqflow.flow.pattern.FlowPattern;
import io.nqflow.flow.pattern.IcebergFunction;
import io.nqflow.flow.pattern.IcebergPattern;
import io.nqflow.flow.pattern.LadderPattern;
import io.nqflow.flow.pattern.PatternInputs;
import io.nqflow.flow.pattern.SweepPattern;
import io.nqflow.flow.pattern.UnderlyingGate;
import io.nqflow.flow.routing.EventRouter;
import io.nqflow.flow.routing.FlowTags;
import io.nqflow.flow.signal.SignalDeduplicator;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.jobs.common.DecodeFunction;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobEntryPoint;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.KafkaIo;
import io.nqflow.jobs.common.MarketEventSerializer;
import io.nqflow.jobs.common.RawEventTime;
import io.nqflow.jobs.common.RawRecord;
import io.nqflow.jobs.common.ReferenceDataJoinOperator;
import io.nqflow.jobs.common.Uids;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;

/**
 * The flow-detection job: md.events and md.instruments in, signals.flow and ops.deadletter out
 * (docs/design.md §2, §6). {@link #defineWorkflow} is the job graph that live runs, backtests
 * ({@code nqflow detect}) and tests share; {@link #run} wires it to Kafka.
 */
public final class FlowDetectionJob {
  /** Name of the job and prefix of its consumer groups and transactional ids. */
  public static final String NAME = "nqflow-flow-detection";

  private FlowDetectionJob() {}

  /**
   * Entry point of the job jar on a Flink cluster: {@code --profile NAME|FILE [--config-dir DIR]
   * [--bootstrap-servers HOST:PORT] [--bounded]}; the profile's {@code flink:} and {@code
   * detection:} sections configure the job.
   */
  public static void main(String[] args) throws Exception {
    JobEntryPoint.run(new Cli(), args);
  }

  /** The job jar's command line. */
  @Command(
      name = "flow-detection",
      mixinStandardHelpOptions = true,
      description = "Runs the flow-detection job: md.events -> signals.flow, from a profile.")
  static final class Cli extends JobEntryPoint {
    @Override
    protected List<ConfigSection<?>> sections() {
      return List.of(JobSettings.SECTION, FlowDetectionSettings.SECTION);
    }

    @Override
    protected void run(NqflowConfig cfg, JobSettings job) throws Exception {
      FlowDetectionJob.run(job, cfg.section(FlowDetectionSettings.SECTION));
    }
  }

  /**
   * Builds the job on Kafka sources and sinks and executes it (blocks until a bounded run ends).
   */
  public static void run(JobSettings js, FlowDetectionSettings settings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, js, settings);
    env.execute(NAME + " [" + settings.variant() + "]");
  }

  /** Adds the Kafka-wired job to {@code env} without executing it (tests, the runner). */
  public static void build(
      StreamExecutionEnvironment env, JobSettings js, FlowDetectionSettings settings) {
    if (!js.variant().equals(settings.variant())) {
      throw new IllegalArgumentException(
          "job variant '"
              + js.variant()
              + "' differs from detection variant '"
              + settings.variant()
              + "'");
    }
    Environments.configure(env, js);
    String group = NAME + "-" + settings.variant();

    SingleOutputStreamOperator<MarketEvent> events =
        env.fromSource(
                KafkaIo.source(
                    js.kafka(),
                    Topics.MARKET_EVENTS,
                    group,
                    OffsetsInitializer.earliest(),
                    js.bounded()),
                RawEventTime.watermarks(js),
                "md.events")
            .uid(Uids.SOURCE_MARKET_EVENTS)
            .process(new DecodeFunction<>(Topics.MARKET_EVENTS, NAME))
            .returns(MarketEventSerializer.TYPE)
            .uid(Uids.DECODE_MARKET_EVENTS)
            .name("decode md.events");

    SingleOutputStreamOperator<Instrument> instruments =
        env.fromSource(
                KafkaIo.source(
                    js.kafka(),
                    Topics.INSTRUMENTS,
                    group,
                    OffsetsInitializer.earliest(),
                    js.bounded()),
                WatermarkStrategy.<RawRecord>noWatermarks(),
                "md.instruments")
            .uid(Uids.SOURCE_INSTRUMENTS)
            .process(new DecodeFunction<>(Topics.INSTRUMENTS, NAME))
            .returns(new AvroTypeInfo<>(Instrument.class))
            .uid(Uids.DECODE_INSTRUMENTS)
            .name("decode md.instruments");

    FlowOutputs outputs = defineWorkflow(env, events, instruments, settings);

    String txPrefix = NAME + "-" + settings.variant();
    outputs
        .signals()
        .sinkTo(
            KafkaIo.sink(
                js.kafka(),
                Topics.FLOW_SIGNALS,
                FlowSignal::getUnderlying,
                js.delivery(),
                txPrefix + "-signals"))
        .uid(Uids.SINK_FLOW_SIGNALS)
        .name("signals.flow");

    DataStream<DeadLetter> late =
        outputs
            .lateEvents()
            .map(new LateToDeadLetter())
            .returns(new AvroTypeInfo<>(DeadLetter.class))
            .uid(Uids.FLOW_LATE_DEAD_LETTERS)
            .name("late events as dead letters");
    outputs
        .deadLetters()
        .union(
            events.getSideOutput(DeadLetters.TAG), instruments.getSideOutput(DeadLetters.TAG), late)
        .sinkTo(
            KafkaIo.sink(
                js.kafka(),
                Topics.DEAD_LETTERS,
                DeadLetter::getSource,
                js.delivery(),
                txPrefix + "-deadletters"))
        .uid(Uids.SINK_DEAD_LETTERS)
        .name("ops.deadletter");
  }

  /**
   * The job graph. {@code events} must carry event-time timestamps (ts_event) and watermarks, for
   * example from {@link RawEventTime} at a Kafka source or {@code MarketEventTime.watermarks};
   * {@code instruments} need none: their watermarks are ignored (see {@link
   * ReferenceDataJoinOperator}).
   */
  public static FlowOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<MarketEvent> events,
      DataStream<Instrument> instruments,
      FlowDetectionSettings settings) {
    SingleOutputStreamOperator<OptionEvent> routed =
        events
            .keyBy(MarketEvent::getInstrumentId, Types.LONG)
            .connect(instruments.keyBy(Instrument::getInstrumentId, Types.LONG))
            .transform(
                "event-router",
                TypeInformation.of(OptionEvent.class),
                new ReferenceDataJoinOperator<>(new EventRouter(settings)))
            .uid(Uids.EVENT_ROUTER);

    // The router already runs keyed by instrument_id: keep its partitioning instead of a shuffle.
    KeyedStream<OptionEvent, Long> options =
        DataStreamUtils.reinterpretAsKeyedStream(routed, e -> e.instrumentId, Types.LONG);
    // IFD v1 and the sweep read trades only: the order book's adds, cancels and modifies (most of
    // an MBO feed) are dropped in the router's task instead of being serialized to them.
    KeyedStream<OptionEvent, Long> trades =
        DataStreamUtils.reinterpretAsKeyedStream(
            routed.filter(e -> e.kind == EventKind.TRADE).name("option trades"),
            e -> e.instrumentId,
            Types.LONG);

    // The iceberg reads the order book's fills, adds and modifies (cancels and the rest are most
    // of what else an MBO feed holds): filtered in the router's task as the trades are.
    KeyedStream<OptionEvent, Long> book =
        settings.enabled(IcebergPattern.NAME)
            ? DataStreamUtils.reinterpretAsKeyedStream(
                routed.filter(IcebergFunction::reads).name("option fills, adds, modifies"),
                e -> e.instrumentId,
                Types.LONG)
            : null;

    BroadcastStream<UnderlyingPrice> underlying =
        routed.getSideOutput(FlowTags.UNDERLYING_PRICES).broadcast(AlignedDetector.UNDERLYING);

    List<DataStream<FlowSignal>> detectors = new ArrayList<>();
    if (settings.enabled("ifd_v1")) {
      detectors.add(
          trades
              .connect(underlying)
              .process(new VolumeRatioFunction(settings))
              .returns(new AvroTypeInfo<>(FlowSignal.class))
              .uid(Uids.VOLUME_RATIO)
              .name("ifd-v1-volume-ratio"));
    }
    if (settings.enabled("ifd_v3")) {
      detectors.add(
          options
              .connect(underlying)
              .process(new MboPressureFunction(settings))
              .returns(new AvroTypeInfo<>(FlowSignal.class))
              .uid(Uids.MBO_PRESSURE)
              .name("ifd-v3-mbo-pressure"));
    }

    PatternInputs inputs = new PatternInputs(routed, options, trades, book, underlying);
    List<DataStream<FlowSignal>> cep = new ArrayList<>();
    for (FlowPattern pattern : PATTERNS) {
      if (!settings.enabled(pattern.name())) {
        continue;
      }
      DataStream<FlowSignal> found = pattern.detect(inputs, settings);
      if (pattern.keyed()) {
        detectors.add(found);
      } else {
        cep.add(found);
      }
    }
    DataStream<DeadLetter> deadLetters = routed.getSideOutput(DeadLetters.TAG);
    if (!cep.isEmpty()) {
      DataStream<FlowSignal> cepSignals = union(cep);
      detectors.add(
          cepSignals
              .keyBy(FlowSignal::getInstrumentId, Types.LONG)
              .connect(underlying)
              .process(new UnderlyingGate(settings))
              .returns(new AvroTypeInfo<>(FlowSignal.class))
              .uid(Uids.PATTERN_UNDERLYING_GATE)
              .name("patterns: underlying price"));
      List<DataStream<OptionEvent>> late = new ArrayList<>();
      for (DataStream<FlowSignal> c : cep) {
        late.add(((SingleOutputStreamOperator<FlowSignal>) c).getSideOutput(CepSupport.LATE));
      }
      deadLetters =
          deadLetters.union(
              union(late)
                  .map(new LatePatternEvent())
                  .returns(new AvroTypeInfo<>(DeadLetter.class))
                  .uid(Uids.FLOW_PATTERN_LATE_DEAD_LETTERS)
                  .name("late pattern events as dead letters"));
    }
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException(
          "no detector or pattern is enabled (detection.volume_ratio.enabled,"
              + " detection.mbo_pressure.enabled, detection.patterns.*.enabled)");
    }

    DataStream<FlowSignal> candidates = union(detectors);
    if (settings.confirmation().enabled()) {
      candidates = SignalConfirmation.apply(candidates, routed, settings);
    }
    DataStream<FlowSignal> signals =
        candidates
            .keyBy(SignalDeduplicator::keyOf, Types.STRING)
            .process(new SignalDeduplicator(settings))
            .returns(new AvroTypeInfo<>(FlowSignal.class))
            .uid(Uids.SIGNAL_DEDUPE)
            .name("signal-dedupe-cooldown");

    return new FlowOutputs(
        signals, routed.getSideOutput(DeadLetters.TAG), routed.getSideOutput(FlowTags.LATE_EVENTS));
  }

  /** The institutional patterns, each switched on by its name in the settings. */
  public static final List<FlowPattern> PATTERNS =
      List.of(
          new SweepPattern(),
          new LadderPattern(),
          new IcebergPattern(),
          new BlockPattern(),
          new AccumulationPattern());

  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    DataStream<T> first = streams.get(0);
    if (streams.size() == 1) {
      return first;
    }
    @SuppressWarnings("unchecked")
    DataStream<T>[] rest = streams.subList(1, streams.size()).toArray(new DataStream[0]);
    return first.union(rest);
  }

  /** Option events a CEP operator saw behind its watermark go to ops.deadletter. */
  static final class LatePatternEvent implements MapFunction<OptionEvent, DeadLetter> {
    @Override
    public DeadLetter map(OptionEvent e) {
      String what = "late option event for the patterns: " + e;
      return DeadLetters.of(
          Topics.MARKET_EVENTS.name(),
          "flow-detection/patterns",
          what + " arrived behind the watermark",
          what.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "instrument " + e.instrumentId + " ts_event " + e.tsEvent + " sequence " + e.sequence,
          EpochNanos.now());
    }
  }

  /** Late market events go to ops.deadletter with the reason, so none is lost. */
  static final class LateToDeadLetter implements MapFunction<MarketEvent, DeadLetter> {
    @Override
    public DeadLetter map(MarketEvent e) {
      return DeadLetters.of(
          Topics.MARKET_EVENTS.name(),
          EventRouter.STAGE,
          "late market event: ts_event "
              + e.getTsEvent()
              + " arrived behind the watermark (allowed out-of-orderness exceeded)",
          Topics.MARKET_EVENTS.serializeValue(e),
          "instrument "
              + e.getInstrumentId()
              + " ts_event "
              + e.getTsEvent()
              + " sequence "
              + e.getSequence(),
          EpochNanos.now());
    }
  }
}
