package io.nqflow.risk;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.security.IntentSigner;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.jobs.common.DecodeFunction;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobEntryPoint;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.KafkaIo;
import io.nqflow.jobs.common.Uids;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.risk.micro.MicroInput;
import io.nqflow.risk.micro.MicroQuotes;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine.Command;

/**
 * The risk-and-budget gate job: signals.flow, exec.events, ops.costs, ops.control and md.events
 * trades in (and signals.opportunity unless {@code risk.opportunities.mode} is IGNORE, and
 * eval.outcomes when {@code risk.validation.enabled}); orders.approved, orders.rejected, ops.audit,
 * ops.control (automatic HALT) and ops.deadletter out. {@link #defineWorkflow} is the pipeline
 * tests drive; {@link #attach} wires it to Kafka.
 */
public final class RiskGateJob {
  private RiskGateJob() {}

  /**
   * Builds the gate's pipeline over already-decoded input streams, without opportunities: only for
   * {@code risk.opportunities.mode} IGNORE.
   */
  public static RiskOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<FlowSignal> signals,
      DataStream<ExecutionEvent> execEvents,
      DataStream<CostEvent> costs,
      DataStream<ControlCommand> controls,
      DataStream<MarketEvent> marks,
      RiskSettings settings) {
    return defineWorkflow(env, signals, null, execEvents, costs, controls, marks, settings);
  }

  /**
   * Builds the gate's pipeline over already-decoded input streams. {@code opportunities} is read
   * when {@code risk.opportunities.mode} is TRADE or CONFIRM (it must then be given) and ignored
   * when it is IGNORE (it may be null).
   */
  public static RiskOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<FlowSignal> signals,
      DataStream<Opportunity> opportunities,
      DataStream<ExecutionEvent> execEvents,
      DataStream<CostEvent> costs,
      DataStream<ControlCommand> controls,
      DataStream<MarketEvent> marks,
      RiskSettings settings) {
    return defineWorkflow(
        env,
        signals,
        opportunities,
        null,
        execEvents,
        costs,
        controls,
        marks,
        null,
        settings,
        false);
  }

  /**
   * The full form. {@code outcomes} (eval.outcomes) is read when {@code risk.validation.enabled}
   * (it must then be given) and ignored otherwise (it may be null). {@code instruments}
   * (md.instruments) is read when {@code risk.execute_in} is MICRO (it must then be given): with
   * md.events it lists the MNQ options and their books ({@link MicroQuotes}); with SAME it is
   * ignored (it may be null) and the graph is the one without it. With {@code eventOrder} the gate
   * handles signals, opportunities and marks in event-time order on the watermark ({@link
   * RiskGateFunction}): for bounded replays.
   */
  public static RiskOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<FlowSignal> signals,
      DataStream<Opportunity> opportunities,
      DataStream<SignalOutcome> outcomes,
      DataStream<ExecutionEvent> execEvents,
      DataStream<CostEvent> costs,
      DataStream<ControlCommand> controls,
      DataStream<MarketEvent> marks,
      DataStream<Instrument> instruments,
      RiskSettings settings,
      boolean eventOrder) {
    final String account = settings.account();
    boolean readOpportunities = settings.opportunities().mode() != OpportunityMode.IGNORE;
    if (readOpportunities && opportunities == null) {
      throw new IllegalArgumentException(
          "risk.opportunities.mode is "
              + settings.opportunities().mode()
              + " but the gate was given no signals.opportunity stream");
    }
    TypeInformation<GateInput> inputType = TypeInformation.of(GateInput.class);

    SingleOutputStreamOperator<FlowSignal> unique =
        signals
            .filter(new SignalVariantFilter(settings.variant()))
            .uid(Uids.RISK_SIGNAL_VARIANT)
            .name("signal-variant")
            .keyBy(FlowSignal::getSignalId, Types.STRING)
            .process(new SignalDedupe(settings))
            .returns(new AvroTypeInfo<>(FlowSignal.class))
            .uid(Uids.RISK_SIGNAL_DEDUPE)
            .name("signal-dedupe");

    DataStream<GateInput> in =
        unique
            .map(s -> GateInput.signal(account, s))
            .returns(inputType)
            .uid(Uids.RISK_INPUT_SIGNALS)
            .name("input-signals");
    DataStream<GateInput> exec =
        execEvents
            .flatMap(
                (ExecutionEvent e, Collector<GateInput> out) -> {
                  // Other accounts' executions change nothing of this account's limits.
                  if (account.equals(e.getAccount())) {
                    out.collect(GateInput.execution(account, e));
                  }
                })
            .returns(inputType)
            .uid(Uids.RISK_INPUT_EXEC)
            .name("input-exec-events");
    DataStream<GateInput> cost =
        costs
            .map(c -> GateInput.cost(account, c))
            .returns(inputType)
            .uid(Uids.RISK_INPUT_COSTS)
            .name("input-costs");
    DataStream<GateInput> control =
        controls
            .map(c -> GateInput.control(account, c))
            .returns(inputType)
            .uid(Uids.RISK_INPUT_CONTROL)
            .name("input-control");
    DataStream<GateInput> mark =
        marks
            .flatMap(
                (MarketEvent m, Collector<GateInput> out) -> {
                  // Only trades mark positions; book and status events are not prices we could
                  // exit at.
                  if (m.getPayload() instanceof Trade) {
                    out.collect(GateInput.mark(account, m));
                  }
                })
            .returns(inputType)
            .uid(Uids.RISK_INPUT_MARKS)
            .name("input-marks");

    SingleOutputStreamOperator<Opportunity> uniqueOpportunities = null;
    if (readOpportunities) {
      // Keyed by opportunity id like signals by signal id: a redelivered opportunity is dropped
      // before the gate, which is keyed by account like every other input.
      uniqueOpportunities =
          opportunities
              .filter(new OpportunityVariantFilter(settings.variant()))
              .uid(Uids.RISK_OPPORTUNITY_VARIANT)
              .name("opportunity-variant")
              .keyBy(Opportunity::getOpportunityId, Types.STRING)
              .process(new OpportunityDedupe(settings))
              .returns(new AvroTypeInfo<>(Opportunity.class))
              .uid(Uids.RISK_OPPORTUNITY_DEDUPE)
              .name("opportunity-dedupe");
      DataStream<GateInput> opp =
          uniqueOpportunities
              .map(o -> GateInput.opportunity(account, o))
              .returns(inputType)
              .uid(Uids.RISK_INPUT_OPPORTUNITIES)
              .name("input-opportunities");
      in = in.union(opp);
    }
    in = ValidationInput.union(in, outcomes, settings);
    if (settings.executeIn() == ExecuteIn.MICRO) {
      if (instruments == null) {
        throw new IllegalArgumentException(
            "risk.execute_in is MICRO but the gate was given no md.instruments stream");
      }
      TypeInformation<MicroInput> microType = TypeInformation.of(MicroInput.class);
      DataStream<GateInput> micro =
          instruments
              .map(MicroInput::of)
              .returns(microType)
              .uid(Uids.RISK_MICRO_DEFINITIONS)
              .name("micro-definitions")
              .union(
                  marks
                      .map(MicroInput::of)
                      .returns(microType)
                      .uid(Uids.RISK_MICRO_EVENTS)
                      .name("micro-events"))
              .keyBy(MicroInput::instrumentId, Types.LONG)
              .process(new MicroQuotes(account))
              .returns(inputType)
              .uid(Uids.RISK_MICRO_QUOTES)
              .name("micro-quotes");
      in = in.union(micro);
    }

    SingleOutputStreamOperator<OrderIntent> gate =
        in.union(exec, cost, control, mark)
            .keyBy(g -> g.account, Types.STRING)
            .process(new RiskGateFunction(settings, eventOrder))
            .returns(new AvroTypeInfo<>(OrderIntent.class))
            .uid(Uids.RISK_GATE)
            .name("risk-gate");

    DataStream<AuditEvent> audit =
        gate.getSideOutput(RiskTags.AUDIT).union(unique.getSideOutput(RiskTags.AUDIT));
    if (uniqueOpportunities != null) {
      audit = audit.union(uniqueOpportunities.getSideOutput(RiskTags.AUDIT));
    }
    return new RiskOutputs(
        gate,
        gate.getSideOutput(RiskTags.REJECTED),
        audit,
        gate.getSideOutput(RiskTags.CONTROL),
        gate.getSideOutput(DeadLetters.TAG));
  }

  /**
   * Wires the workflow to Kafka in {@code env}: sources and sinks with stable uids, consumer group
   * and transactional ids per variant. The variant of {@code job} overrides that of {@code risk}.
   */
  public static void attach(StreamExecutionEnvironment env, JobSettings job, RiskSettings risk) {
    attach(env, job, risk, false);
  }

  /**
   * As {@link #attach(StreamExecutionEnvironment, JobSettings, RiskSettings)}; with {@code
   * freshTopics} a gate without committed offsets reads signals.flow from its start instead of its
   * end. For stacks that create their topics for the run (the local stack, benchmarks): the gate's
   * source resolves "the end" only once it runs, and signals written before that would otherwise
   * never be decided.
   */
  public static void attach(
      StreamExecutionEnvironment env, JobSettings job, RiskSettings risk, boolean freshTopics) {
    attach(env, job, risk, freshTopics, false);
  }

  /**
   * As {@link #attach(StreamExecutionEnvironment, JobSettings, RiskSettings, boolean)}; with {@code
   * eventOrder} (bounded jobs only: the sources have no watermarks, so held inputs are decided when
   * the input ends) signals, opportunities and marks are handled in event-time order, so a replay
   * gets the same decisions however its inputs interleaved.
   */
  public static void attach(
      StreamExecutionEnvironment env,
      JobSettings job,
      RiskSettings risk,
      boolean freshTopics,
      boolean eventOrder) {
    if (eventOrder && !job.bounded()) {
      throw new IllegalArgumentException(
          "risk gate: event order needs a bounded job (its held inputs are decided at the end)");
    }
    RiskSettings s = risk.withVariant(job.variant());
    s.signingKey()
        .reference()
        .filter(ref -> !s.signingKey().isPresent())
        .ifPresent(
            ref -> {
              throw new IllegalStateException(
                  "risk.signing_key: ${" + ref + "} has no value; the gate would sign nothing");
            });
    String group = "nqflow-risk-gate-" + s.variant();
    List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
    // Bounded runs (tests, backtests) read everything; a live gate resumes where it left off,
    // rebuilds state topics from their start, and never trades signals from before its first run.
    OffsetsInitializer state =
        job.bounded()
            ? OffsetsInitializer.earliest()
            : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    OffsetsInitializer fresh =
        job.bounded()
            ? OffsetsInitializer.earliest()
            : OffsetsInitializer.committedOffsets(
                freshTopics ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST);

    DataStream<FlowSignal> signals =
        read(
            env,
            job,
            Topics.FLOW_SIGNALS,
            group,
            fresh,
            Uids.SOURCE_FLOW_SIGNALS,
            Uids.DECODE_FLOW_SIGNALS,
            deadLetters);
    DataStream<ExecutionEvent> exec =
        read(
            env,
            job,
            Topics.EXEC_EVENTS,
            group,
            state,
            Uids.SOURCE_EXEC_EVENTS,
            Uids.DECODE_EXEC_EVENTS,
            deadLetters);
    DataStream<CostEvent> costs =
        read(
            env,
            job,
            Topics.COSTS,
            group,
            state,
            Uids.SOURCE_COSTS,
            Uids.DECODE_COSTS,
            deadLetters);
    DataStream<ControlCommand> controls =
        read(
            env,
            job,
            Topics.CONTROL,
            group,
            state,
            Uids.SOURCE_CONTROL,
            Uids.DECODE_CONTROL,
            deadLetters);
    DataStream<MarketEvent> marks =
        read(
            env,
            job,
            Topics.MARKET_EVENTS,
            group,
            fresh,
            Uids.SOURCE_MARKET_EVENTS,
            Uids.DECODE_MARKET_EVENTS,
            deadLetters);

    // signals.opportunity is read only when the gate uses it, so a gate in IGNORE mode has the
    // same graph (and savepoints) as before the topic existed.
    DataStream<Opportunity> opportunities =
        s.opportunities().mode() == OpportunityMode.IGNORE
            ? null
            : read(
                env,
                job,
                Topics.OPPORTUNITIES,
                group,
                fresh,
                Uids.SOURCE_OPPORTUNITIES,
                Uids.DECODE_OPPORTUNITIES,
                deadLetters);

    // eval.outcomes likewise only with risk.validation.enabled; read like a state topic, so a
    // first start learns from the outcomes already there.
    DataStream<SignalOutcome> outcomes =
        s.validation().enabled()
            ? read(
                env,
                job,
                Topics.OUTCOMES,
                group,
                state,
                Uids.RISK_SOURCE_OUTCOMES,
                Uids.RISK_DECODE_OUTCOMES,
                deadLetters)
            : null;

    // md.instruments is read only when the gate executes in micros, so a gate with execute_in
    // SAME has the same graph (and savepoints) as before.
    DataStream<Instrument> instruments =
        s.executeIn() == ExecuteIn.MICRO
            ? read(
                env,
                job,
                Topics.INSTRUMENTS,
                group,
                state,
                Uids.SOURCE_INSTRUMENTS,
                Uids.DECODE_INSTRUMENTS,
                deadLetters)
            : null;

    RiskOutputs out =
        defineWorkflow(
            env,
            signals,
            opportunities,
            outcomes,
            exec,
            costs,
            controls,
            marks,
            instruments,
            s,
            eventOrder);

    KafkaConfig kafka = job.kafka();
    String txPrefix = "nqflow-risk-gate-" + s.variant() + "-";
    // Orders are the hot path (at-least-once unless the profile says otherwise; the execution
    // ledger's unique client order id drops duplicates). The audit trail is transactional when
    // checkpoints can commit it.
    DeliveryGuarantee hot = job.delivery();
    boolean checkpointed = job.checkpointInterval() != null && !job.checkpointInterval().isZero();
    DeliveryGuarantee cold = checkpointed ? DeliveryGuarantee.EXACTLY_ONCE : hot;
    DataStream<OrderIntent> approved = out.approved();
    IntentSigner signer = s.intentSigner();
    if (signer != null) {
      // a stateless, chained step: adding or removing it keeps savepoints compatible
      approved =
          approved
              .map(new SignIntents(signer))
              .returns(new AvroTypeInfo<>(OrderIntent.class))
              .uid(Uids.RISK_SIGN_INTENTS)
              .name("sign-intents");
    }
    approved
        .sinkTo(
            KafkaIo.sink(
                kafka, Topics.ORDERS_APPROVED, OrderIntent::getAccount, hot, txPrefix + "approved"))
        .uid(Uids.SINK_ORDERS_APPROVED)
        .name("sink-orders-approved");
    out.rejected()
        .sinkTo(
            KafkaIo.sink(
                kafka,
                Topics.ORDERS_REJECTED,
                RiskDecision::getAccount,
                hot,
                txPrefix + "rejected"))
        .uid(Uids.SINK_ORDERS_REJECTED)
        .name("sink-orders-rejected");
    out.audit()
        .sinkTo(
            KafkaIo.sink(kafka, Topics.AUDIT, AuditEvent::getEntityId, cold, txPrefix + "audit"))
        .uid(Uids.SINK_AUDIT)
        .name("sink-ops-audit");
    out.controls()
        .sinkTo(
            KafkaIo.sink(
                kafka, Topics.CONTROL, ControlCommand::getScope, hot, txPrefix + "control"))
        .uid(Uids.SINK_CONTROL)
        .name("sink-ops-control");
    DataStream<DeadLetter> allDead = out.deadLetters();
    for (DataStream<DeadLetter> d : deadLetters) {
      allDead = allDead.union(d);
    }
    allDead
        .sinkTo(
            KafkaIo.sink(
                kafka, Topics.DEAD_LETTERS, DeadLetter::getSource, hot, txPrefix + "deadletter"))
        .uid(Uids.SINK_DEAD_LETTERS)
        .name("sink-ops-deadletter");
  }

  /**
   * Entry point of the job jar on a Flink cluster: {@code --profile NAME|FILE [--config-dir DIR]
   * [--bootstrap-servers HOST:PORT] [--bounded]}; the profile's {@code flink:} and {@code risk:}
   * sections (and the data budget) configure the gate.
   */
  public static void main(String[] args) throws Exception {
    JobEntryPoint.run(new Cli(), args);
  }

  /** The job jar's command line. */
  @Command(
      name = "risk-gate",
      mixinStandardHelpOptions = true,
      description =
          "Runs the risk-and-budget gate: signals.flow -> orders.approved, from a profile.")
  static final class Cli extends JobEntryPoint {
    @Override
    protected List<ConfigSection<?>> sections() {
      return List.of(JobSettings.SECTION, RiskSettings.SECTION);
    }

    @Override
    protected void run(NqflowConfig cfg, JobSettings job) throws Exception {
      RiskGateJob.run(job, cfg.section(RiskSettings.SECTION));
    }
  }

  /** Runs the gate against Kafka until it ends (bounded) or is cancelled. */
  public static JobExecutionResult run(JobSettings job, RiskSettings risk) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    attach(env, job, risk);
    return env.execute(jobName(job));
  }

  /** Submits the gate and returns at once (the local stack runs it beside other jobs). */
  public static JobClient runAsync(JobSettings job, RiskSettings risk) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    attach(env, job, risk);
    return env.executeAsync(jobName(job));
  }

  /** The job name, {@code risk-gate-<variant>}. */
  public static String jobName(JobSettings job) {
    return "risk-gate-" + job.variant();
  }

  private static <V extends SpecificRecord> DataStream<V> read(
      StreamExecutionEnvironment env,
      JobSettings job,
      Topic<?, V> topic,
      String group,
      OffsetsInitializer start,
      String sourceUid,
      String decodeUid,
      List<DataStream<DeadLetter>> deadLetters) {
    SingleOutputStreamOperator<V> decoded =
        env.fromSource(
                KafkaIo.source(job.kafka(), topic, group, start, job.bounded()),
                WatermarkStrategy.noWatermarks(),
                sourceUid)
            .uid(sourceUid)
            .process(new DecodeFunction<>(topic, RiskEngine.STAGE))
            .returns(avroType(topic))
            .uid(decodeUid)
            .name(decodeUid);
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
