package io.nqflow.chain;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
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
import io.nqflow.signals.v1.Opportunity;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;

/**
 * The chain-analytics job: md.events and md.instruments in, signals.opportunity and ops.deadletter
 * out. {@link ChainRouter} joins events with definitions by instrument; {@link ChainRanker} keeps
 * each underlying's option chain in keyed state and ranks it every {@code chain.interval} of event
 * time and when a bounded input ends. {@link #defineWorkflow} is the job graph that live runs, the
 * local stack and tests share; {@link #build} wires it to Kafka.
 */
public final class ChainAnalyticsJob {
  /** Name of the job and prefix of its consumer groups and transactional ids. */
  public static final String NAME = "nqflow-chain-analytics";

  private ChainAnalyticsJob() {}

  /**
   * Entry point of the job jar on a Flink cluster: {@code --profile NAME|FILE [--config-dir DIR]
   * [--bootstrap-servers HOST:PORT] [--bounded]}; the profile's {@code flink:} and {@code chain:}
   * sections configure the job.
   */
  public static void main(String[] args) throws Exception {
    JobEntryPoint.run(new Cli(), args);
  }

  /** The job jar's command line. */
  @Command(
      name = "chain-analytics",
      mixinStandardHelpOptions = true,
      description =
          "Runs the chain-analytics job: md.events + md.instruments -> signals.opportunity, from a"
              + " profile.")
  static final class Cli extends JobEntryPoint {
    @Override
    protected List<ConfigSection<?>> sections() {
      return List.of(JobSettings.SECTION, ChainAnalyticsSettings.SECTION);
    }

    @Override
    protected void run(NqflowConfig cfg, JobSettings job) throws Exception {
      ChainAnalyticsJob.run(job, cfg.section(ChainAnalyticsSettings.SECTION));
    }
  }

  /**
   * Builds the job on Kafka sources and sinks and executes it (blocks until a bounded run ends).
   */
  public static void run(JobSettings js, ChainAnalyticsSettings settings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, js, settings);
    env.execute(NAME + " [" + settings.variant() + "]");
  }

  /** Adds the Kafka-wired job to {@code env} without executing it (tests, the runner). */
  public static void build(
      StreamExecutionEnvironment env, JobSettings js, ChainAnalyticsSettings settings) {
    if (!js.variant().equals(settings.variant())) {
      throw new IllegalArgumentException(
          "job variant '"
              + js.variant()
              + "' differs from chain variant '"
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

    ChainOutputs outputs = defineWorkflow(env, events, instruments, settings);

    String txPrefix = NAME + "-" + settings.variant();
    outputs
        .opportunities()
        .sinkTo(
            KafkaIo.sink(
                js.kafka(),
                Topics.OPPORTUNITIES,
                Opportunity::getUnderlying,
                js.delivery(),
                txPrefix + "-opportunities"))
        .uid(Uids.SINK_OPPORTUNITIES)
        .name("signals.opportunity");

    outputs
        .deadLetters()
        .union(events.getSideOutput(DeadLetters.TAG), instruments.getSideOutput(DeadLetters.TAG))
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
   * The job graph with the configured model. {@code events} must carry event-time timestamps
   * (ts_event) and watermarks ({@code MarketEventTime.watermarks}, or the Kafka source's); {@code
   * instruments} need none: their watermarks are ignored ({@link ReferenceDataJoinOperator}).
   */
  public static ChainOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<MarketEvent> events,
      DataStream<Instrument> instruments,
      ChainAnalyticsSettings settings) {
    return defineWorkflow(env, events, instruments, settings, null);
  }

  /**
   * The job graph with the model {@code models} makes (null: the configured one, {@code
   * ChainModels.create}).
   */
  public static ChainOutputs defineWorkflow(
      StreamExecutionEnvironment env,
      DataStream<MarketEvent> events,
      DataStream<Instrument> instruments,
      ChainAnalyticsSettings settings,
      ChainRanker.ModelFactory models) {
    SingleOutputStreamOperator<ChainEvent> routed =
        events
            .keyBy(MarketEvent::getInstrumentId, Types.LONG)
            .connect(instruments.keyBy(Instrument::getInstrumentId, Types.LONG))
            .transform(
                "chain-router",
                Types.POJO(ChainEvent.class),
                new ReferenceDataJoinOperator<>(new ChainRouter()))
            .uid(Uids.CHAIN_ROUTER);

    SingleOutputStreamOperator<Opportunity> opportunities =
        routed
            .keyBy(e -> e.underlying, Types.STRING)
            .process(models == null ? new ChainRanker(settings) : new ChainRanker(settings, models))
            .returns(new AvroTypeInfo<>(Opportunity.class))
            .uid(Uids.CHAIN_RANKER)
            .name("chain-ranker");
    return new ChainOutputs(opportunities, routed.getSideOutput(DeadLetters.TAG));
  }
}
