package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.FUTURE_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import io.nqflow.testing.TopicClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka-wired job loses its TaskManager mid-run (data in flight after a checkpoint) and
 * recovers from the checkpoint: it ends with the same signal ids as a failure-free run, and with
 * exactly-once sinks no signal record twice.
 */
class FailureRecoveryITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final Duration WAIT = Duration.ofSeconds(180);

  @Test
  void aLostTaskManagerMidRunChangesNoSignalAndDuplicatesNone(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    List<MarketEvent> events = new ArrayList<>(new PatternSession().session());
    // A last trade a day later moves event time past everything before it.
    events.add(Fixtures.trade(FUTURE_ID, T0 + 24 * 60 * MINUTE, 1_000_000, Side.BID, 21_050, 1));
    FlowDetectionSettings settings = Fixtures.settings();
    TreeSet<String> expected = reference(events, settings);
    assertThat(expected).as("the session has signals to lose").hasSizeGreaterThan(3);

    TopicClient kafka = KAFKA.client();
    List<Map.Entry<Long, Instrument>> defs = new ArrayList<>();
    for (Instrument i : PatternSession.instruments()) {
      defs.add(Map.entry(i.getInstrumentId(), i));
    }
    kafka.produce(Topics.INSTRUMENTS, defs);
    int half = events.size() / 2;
    kafka.produce(Topics.MARKET_EVENTS, entries(events.subList(0, half)));

    JobSettings local = JobSettings.local(KAFKA.bootstrapServers());
    JobSettings js =
        new JobSettings(
            local.bootstrapServers(),
            2,
            Duration.ofMillis(500),
            DeliveryGuarantee.EXACTLY_ONCE,
            true,
            local.outOfOrderness(),
            Duration.ofSeconds(1),
            false,
            settings.variant());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    FlowDetectionJob.build(env, js, settings);
    JobClient job = env.executeAsync("flow-detection-failure-itcase");
    String group = FlowDetectionJob.NAME + "-" + settings.variant();
    try (ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
      Poll.until(WAIT, "a checkpoint covering the first half", () -> lag(progress, group) == 0);

      // The second half goes in and the TaskManager dies while it is being processed.
      kafka.produce(Topics.MARKET_EVENTS, entries(events.subList(half, events.size())));
      cluster.terminateTaskManager(0).get();
      cluster.startTaskManager();

      Poll.until(
          WAIT,
          "every signal of the failure-free run",
          () -> ids(kafka).containsAll(expected) && lag(progress, group) == 0);
    } finally {
      job.cancel().get();
    }
    List<String> all =
        kafka.values(Topics.FLOW_SIGNALS).stream().map(FlowSignal::getSignalId).toList();
    assertThat(new TreeSet<>(all)).isEqualTo(expected);
    assertThat(all).as("exactly-once: no record twice").doesNotHaveDuplicates();
  }

  private static TreeSet<String> ids(TopicClient kafka) {
    TreeSet<String> ids = new TreeSet<>();
    kafka.values(Topics.FLOW_SIGNALS).forEach(s -> ids.add(s.getSignalId()));
    return ids;
  }

  private static long lag(ConsumerProgress progress, String group) {
    try {
      return progress.lag(group, Topics.MARKET_EVENTS.name());
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }

  private static List<Map.Entry<Long, MarketEvent>> entries(List<MarketEvent> events) {
    return events.stream().map(e -> Map.entry(e.getInstrumentId(), e)).toList();
  }

  /** The signal ids of a failure-free in-memory run of the same graph. */
  private static TreeSet<String> reference(List<MarketEvent> events, FlowDetectionSettings settings)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(events, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in =
        env.fromData(PatternSession.instruments(), new AvroTypeInfo<>(Instrument.class));
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, settings);
    TreeSet<String> ids = new TreeSet<>();
    try (CloseableIterator<FlowSignal> it = out.signals().executeAndCollect()) {
      it.forEachRemaining(s -> ids.add(s.getSignalId()));
    }
    return ids;
  }
}
