package io.nqflow.eval;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.jobs.common.DecodeFunction;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobEntryPoint;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.KafkaIo;
import io.nqflow.jobs.common.MarketEventSerializer;
import io.nqflow.jobs.common.RawEventTime;
import io.nqflow.jobs.common.RawRecord;
import io.nqflow.jobs.common.Uids;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine.Command;

/**
 * The signal-evaluation job: signals.flow, md.events, orders.approved, orders.rejected and
 * exec.events in; eval.outcomes (key signal_id, exactly-once when checkpointing) and ops.deadletter
 * out. Every signal of the variant, approved or not, gets the outcome of the shadow trade the risk
 * gate would make from it ({@link OutcomeFunction}, docs/evaluation.md). {@link #defineWorkflow} is
 * the job graph tests drive; {@link #build} wires it to Kafka.
 */
public final class SignalEvaluationJob {
  /** Name of the job and prefix of its consumer groups and transactional ids. */
  public static final String NAME = "nqflow-signal-evaluation";

  private SignalEvaluationJob() {}

  /**
   * Entry point of the job jar on a Flink cluster: {@code --profile NAME|FILE [--config-dir DIR]
   * [--bootstrap-servers HOST:PORT] [--bounded]}; the profile's {@code flink:} and {@code
   * evaluation:} sections (and the bracket keys of {@code risk:}) configure the job.
   */
  public static void main(String[] args) throws Exception {
    JobEntryPoint.run(new Cli(), args);
  }

  /** The job jar's command line. */
  @Command(
      name = "signal-evaluation",
      mixinStandardHelpOptions = true,
      description =
          "Runs the signal-evaluation job: signals.flow + md.events + decisions + fills ->"
              + " eval.outcomes, from a profile.")
  static final class Cli extends JobEntryPoint {
    @Override
    protected List<ConfigSection<?>> sections() {
      return List.of(JobSettings.SECTION, EvaluationSettings.SECTION);
    }

    @Override
    protected void run(NqflowConfig cfg, JobSettings job) throws Exception {
      SignalEvaluationJob.run(job, cfg.section(EvaluationSettings.SECTION));
    }
  }

  /** Builds the job on Kafka and executes it (blocks until a bounded run ends). */
  public static JobExecutionResult run(JobSettings js, EvaluationSettings settings)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, js, settings, false);
    return env.execute(jobName(js));
  }

  /** The job name, {@code signal-evaluation-<variant>}. */
  public static String jobName(JobSettings js) {
    return "signal-evaluation-" + js.variant();
  }

  /**
   * Adds the Kafka-wired job to {@code env} without executing it (tests, the runner). The variant
   * of {@code js} is the one evaluated. With {@code freshTopics} a job without committed offsets
   * reads its unbounded topics from their start instead of their end (stacks that create their
   * topics for the run); a bounded job always reads everything.
   */
  public static void build(
      StreamExecutionEnvironment env,
      JobSettings js,
      EvaluationSettings evaluation,
      boolean freshTopics) {
    EvaluationSettings settings = evaluation.withVariant(js.variant());
    Environments.configure(env, js);
    String group = NAME + "-" + settings.variant();
    OffsetsInitializer start =
        js.bounded()
            ? OffsetsInitializer.earliest()
            : OffsetsInitializer.committedOffsets(
                freshTopics ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST);
    List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

    SingleOutputStreamOperator<MarketEvent> events =
        env.fromSource(
                KafkaIo.source(js.kafka(), Topics.MARKET_EVENTS, group, start, js.bounded()),
                RawEventTime.watermarks(js),
                "md.events")
            .uid(Uids.SOURCE_MARKET_EVENTS)
            .process(new DecodeFunction<>(Topics.MARKET_EVENTS, OutcomeFunction.STAGE))
            .returns(MarketEventSerializer.TYPE)
            .uid(Uids.DECODE_MARKET_EVENTS)
            .name("decode md.events");
    deadLetters.add(events.getSideOutput(DeadLetters.TAG));

    DataStream<FlowSignal> signals =
        read(
            env,
            js,
            Topics.FLOW_SIGNALS,
            group,
            start,
            Uids.SOURCE_FLOW_SIGNALS,
            Uids.DECODE_FLOW_SIGNALS,
            deadLetters);
    DataStream<OrderIntent> approved =
        read(
            env,
            js,
            Topics.ORDERS_APPROVED,
            group,
            start,
            Uids.SOURCE_ORDERS_APPROVED,
            Uids.DECODE_ORDERS_APPROVED,
            deadLetters);
    DataStream<RiskDecision> rejected =
        read(
            env,
            js,
            Topics.ORDERS_REJECTED,
            group,
            start,
            Uids.SOURCE_ORDERS_REJECTED,
            Uids.DECODE_ORDERS_REJECTED,
            deadLetters);
    DataStream<ExecutionEvent> exec =
        read(
            env,
            js,
            Topics.EXEC_EVENTS,
            group,
            start,
            Uids.SOURCE_EXEC_EVENTS,
            Uids.DECODE_EXEC_EVENTS,
            deadLetters);

    EvalOutputs out = defineWorkflow(env, events, signals, approved, rejected, exec, js, settings);

    // Outcomes are not on the hot path: transactional whenever checkpoints can commit them.
    boolean checkpointed = js.checkpointInterval() != null && !js.checkpointInterval().isZero();
    DeliveryGuarantee outcomes = checkpointed ? DeliveryGuarantee.EXACTLY_ONCE : js.delivery();
    String txPrefix = NAME + "-" + settings.variant();
    out.outcomes()
        .sinkTo(
            KafkaIo.sink(
                js.kafka(),
                Topics.OUTCOMES,
                SignalOutcome::getSignalId,
                outcomes,
                txPrefix + "-outcomes"))
        .uid(Uids.SINK_OUTCOMES)
        .name("eval.outcomes");
    DataStream<DeadLetter> allDead = out.deadLetters();
    for (DataStream<DeadLetter> d : deadLetters) {
      allDead = allDead.union(d);
    }
    allDead
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
   * The job graph. {@code events} must carry event-time timestamps (ts_event) and watermarks (the
   * Kafka source's, or {@code MarketEventTime.watermarks}); the other streams get theirs here:
   * signals and decisions at the signal's ts_event, fills at theirs, with the bounded
   * out-of-orderness and idleness of {@code js}.
   */
  public static EvalOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<MarketEvent> events,
      DataStream<FlowSignal> signals,
      DataStream<OrderIntent> approved,
      DataStream<RiskDecision> rejected,
      DataStream<ExecutionEvent> exec,
      JobSettings js,
      EvaluationSettings settings) {
    String variant = settings.variant();
    DataStream<EvalEvent> prints =
        events
            .flatMap(new EvalInputs.Prints())
            .returns(Types.POJO(EvalEvent.class))
            .uid(Uids.EVAL_INPUT_PRINTS)
            .name("eval-prints");
    DataStream<EvalEvent> in =
        prints.union(
            timed(signals, new EvalInputs.Signals(variant), Uids.EVAL_INPUT_SIGNALS, js),
            timed(approved, new EvalInputs.Approved(variant), Uids.EVAL_INPUT_APPROVED, js),
            timed(rejected, new EvalInputs.Rejected(variant), Uids.EVAL_INPUT_REJECTED, js),
            timed(exec, new EvalInputs.EntryFills(), Uids.EVAL_INPUT_FILLS, js));
    SingleOutputStreamOperator<SignalOutcome> outcomes =
        in.keyBy(e -> e.instrumentId, Types.LONG)
            .process(new OutcomeFunction(settings))
            .returns(new AvroTypeInfo<>(SignalOutcome.class))
            .uid(Uids.EVAL_OUTCOMES)
            .name("signal-outcomes");
    return new EvalOutputs(outcomes, outcomes.getSideOutput(DeadLetters.TAG));
  }

  /** Evaluation events with their event time and watermarks (out-of-orderness, idleness). */
  private static <T> DataStream<EvalEvent> timed(
      DataStream<T> in, FlatMapFunction<T, EvalEvent> f, String uid, JobSettings js) {
    return in.flatMap(f)
        .returns(Types.POJO(EvalEvent.class))
        .uid(uid)
        .name(uid)
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<EvalEvent>forBoundedOutOfOrderness(js.outOfOrderness())
                .withTimestampAssigner((e, previous) -> EpochNanos.toMillis(e.tsNs))
                .withIdleness(js.idleness()))
        .uid(uid + "-time")
        .name(uid + "-time");
  }

  private static <V extends SpecificRecord> DataStream<V> read(
      StreamExecutionEnvironment env,
      JobSettings js,
      Topic<?, V> topic,
      String group,
      OffsetsInitializer start,
      String sourceUid,
      String decodeUid,
      List<DataStream<DeadLetter>> deadLetters) {
    SingleOutputStreamOperator<V> decoded =
        env.fromSource(
                KafkaIo.source(js.kafka(), topic, group, start, js.bounded()),
                WatermarkStrategy.<RawRecord>noWatermarks(),
                topic.name())
            .uid(sourceUid)
            .process(new DecodeFunction<>(topic, OutcomeFunction.STAGE))
            .returns(avroType(topic))
            .uid(decodeUid)
            .name("decode " + topic.name());
    deadLetters.add(decoded.getSideOutput(DeadLetters.TAG));
    return decoded;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V extends SpecificRecord> TypeInformation<V> avroType(Topic<?, V> topic) {
    Class<? extends SpecificRecordBase> type =
        (Class<? extends SpecificRecordBase>) topic.valueType();
    return (TypeInformation<V>) new AvroTypeInfo(type);
  }
}
