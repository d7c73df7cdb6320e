package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.FUTURE_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop-with-savepoint of the Kafka-wired job, then a changed version (a new pattern operator and a
 * new cooldown) started from the savepoint: the baselines built before the upgrade carry over, so
 * the spike after it is measured against them exactly as in a run that never stopped.
 */
class SavepointUpgradeITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final long BURST_TS = T0 + 30 * MINUTE + 30 * SECOND;

  @TempDir Path savepoints;

  /** Thirty minutes of steady 50-lot trading: the baseline the upgrade must keep. */
  private static List<MarketEvent> before() {
    List<MarketEvent> events = new ArrayList<>();
    long seq = 0;
    events.add(Fixtures.trade(FUTURE_ID, T0, ++seq, Side.BID, 21_050, 2));
    for (int k = 0; k < 30; k++) {
      Side side = k % 2 == 0 ? Side.BID : Side.ASK;
      events.add(Fixtures.trade(CALL_ID, T0 + k * MINUTE, ++seq, side, 150, 50));
      events.add(Fixtures.trade(FUTURE_ID, T0 + k * MINUTE + 1, ++seq, side, 21_050, 1));
    }
    return events;
  }

  /** The spike, and a trade a day later that moves event time past it. */
  private static List<MarketEvent> after() {
    return List.of(
        Fixtures.trade(CALL_ID, BURST_TS, 1_000, Side.BID, 150, 600),
        Fixtures.trade(FUTURE_ID, T0 + 24 * 60 * MINUTE, 1_001, Side.BID, 21_050, 1));
  }

  private static FlowDetectionSettings version(boolean blockPattern, Duration cooldown) {
    FlowDetectionSettings d = Fixtures.settings();
    // The burst is one print: with the rule that leaves one-print spikes to the patterns off, v1
    // measures it against the restored baseline.
    return d.toBuilder()
        .maxPrintShare(1.0)
        .enable("block", blockPattern)
        .cooldown(cooldown)
        .minBaselineContracts(10)
        .moderateRatio(4)
        .highRatio(10)
        .veryHighRatio(30)
        .extremeRatio(50)
        .build();
  }

  @Test
  void aChangedVersionRestoredFromASavepointKeepsTheBaselines() throws Exception {
    FlowDetectionSettings v1 = version(false, Duration.ofMinutes(5));
    FlowDetectionSettings v2 = version(true, Duration.ofMinutes(2));
    List<MarketEvent> all = new ArrayList<>(before());
    all.addAll(after());
    double uninterrupted = burstRatio(inMemory(all, v2));
    double withoutHistory = burstRatio(inMemory(after(), v2));
    assertThat(uninterrupted)
        .as("the baseline matters: with history the spike is smaller relative to it")
        .isLessThan(withoutHistory);

    TopicClient kafka = KAFKA.client();
    kafka.produce(
        Topics.INSTRUMENTS,
        List.of(
            Map.entry(FUTURE_ID, Fixtures.future()),
            Map.entry(CALL_ID, Fixtures.call(CALL_ID, 21_000))));
    kafka.produce(Topics.MARKET_EVENTS, entries(before()));
    JobSettings js = settings();
    String group = FlowDetectionJob.NAME + "-" + v1.variant();

    StreamExecutionEnvironment env1 = StreamExecutionEnvironment.getExecutionEnvironment();
    FlowDetectionJob.build(env1, js, v1);
    JobClient job1 = env1.executeAsync("flow-detection-v1");
    String savepoint;
    try (ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
      Poll.until(WAIT, "v1 has read the first half", () -> lag(progress, group) == 0);
      savepoint =
          job1.stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get();
    }

    kafka.produce(Topics.MARKET_EVENTS, entries(after()));
    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment();
    env2.configure(restore);
    FlowDetectionJob.build(env2, js, v2);
    JobClient job2 = env2.executeAsync("flow-detection-v2");
    FlowSignal burst;
    try {
      burst =
          Poll.untilPresent(
              WAIT,
              "the v2 signal of the spike",
              () ->
                  kafka.values(Topics.FLOW_SIGNALS).stream()
                      .filter(SavepointUpgradeITCase::isBurst)
                      .findFirst()
                      .orElse(null));
    } finally {
      job2.cancel().get();
    }
    assertThat(Double.parseDouble(burst.getAttributes().get("volume_ratio")))
        .as("measured against the baseline restored from the savepoint")
        .isEqualTo(uninterrupted);
  }

  private static boolean isBurst(FlowSignal s) {
    return s.getAlgorithm().equals("ifd_v1_volume_ratio") && s.getTsEvent() == BURST_TS;
  }

  private static double burstRatio(List<FlowSignal> signals) {
    FlowSignal s =
        signals.stream().filter(SavepointUpgradeITCase::isBurst).findFirst().orElseThrow();
    return Double.parseDouble(s.getAttributes().get("volume_ratio"));
  }

  private JobSettings settings() {
    JobSettings local = JobSettings.local(KAFKA.bootstrapServers());
    return new JobSettings(
        local.bootstrapServers(),
        2,
        Duration.ofMillis(500),
        DeliveryGuarantee.AT_LEAST_ONCE,
        true,
        local.outOfOrderness(),
        Duration.ofSeconds(1),
        false,
        local.variant());
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

  private static List<FlowSignal> inMemory(List<MarketEvent> events, FlowDetectionSettings s)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(events, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in =
        env.fromData(
            List.of(Fixtures.future(), Fixtures.call(CALL_ID, 21_000)),
            new AvroTypeInfo<>(Instrument.class));
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, s);
    List<FlowSignal> signals = new ArrayList<>();
    try (CloseableIterator<FlowSignal> it = out.signals().executeAndCollect()) {
      it.forEachRemaining(signals::add);
    }
    return signals;
  }
}
