package io.nqflow.flow.confirm;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.DAY;
import static io.nqflow.flow.Fixtures.FUTURE_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.jobs.common.JobSettings;
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
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The confirmation stage in an unbounded Kafka run (no end of input to release what waits): a
 * volume spike's signal leaves the stage once a later event moves event time past its trigger plus
 * the hold, with the market-data source idle before and after the spike. On waking from idleness
 * the channels into the stage turn active at different times, so the day-later watermark gets here
 * before the spike's signal does; without deciding such a signal on arrival it waited for ever.
 */
class ConfirmationUnboundedITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  @Test
  void aSpikeLeavesTheStageOnceEventTimePassesItsHold() throws Exception {
    TopicClient kafka = KAFKA.client();
    kafka.produce(
        Topics.INSTRUMENTS,
        List.of(
            Map.entry(FUTURE_ID, Fixtures.future()),
            Map.entry(CALL_ID, Fixtures.call(CALL_ID, 21_000))));
    List<Map.Entry<Long, MarketEvent>> history = new ArrayList<>();
    long seq = 0;
    history.add(Map.entry(FUTURE_ID, Fixtures.trade(FUTURE_ID, T0, ++seq, Side.BID, 21_050, 2)));
    for (int k = 0; k < 30; k++) {
      Side side = k % 2 == 0 ? Side.BID : Side.ASK;
      history.add(
          Map.entry(CALL_ID, Fixtures.trade(CALL_ID, T0 + k * MINUTE, ++seq, side, 150, 10)));
      history.add(
          Map.entry(
              FUTURE_ID, Fixtures.trade(FUTURE_ID, T0 + k * MINUTE + 1, ++seq, side, 21_050, 1)));
    }
    kafka.produce(Topics.MARKET_EVENTS, history);

    // Unbounded, with a short idleness as on the standalone cluster: the source goes idle
    // between the history and the spike, and again after the spike.
    JobSettings js =
        new JobSettings(
            KAFKA.bootstrapServers(),
            1,
            Duration.ofMillis(500),
            DeliveryGuarantee.AT_LEAST_ONCE,
            true,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            false,
            "baseline");
    assertThat(Fixtures.settings().confirmation().enabled()).isTrue();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    FlowDetectionJob.build(env, js, Fixtures.settings());
    JobClient job = env.executeAsync("confirmation-unbounded-itcase");
    try {
      // The history is consumed once the job's group has committed (at a checkpoint) the end of
      // md.events; the source then goes idle after js.idleness() without records: wait for both
      // before the spike, so the spike's channels come back from idleness one by one.
      String group = FlowDetectionJob.NAME + "-" + Fixtures.settings().variant();
      Poll.until(
          Duration.ofSeconds(60),
          "the history consumed and committed by " + group,
          () -> committedToEnd(group, history.size()));
      long idleFrom = System.nanoTime();
      Poll.until(
          js.idleness().multipliedBy(3),
          "the md.events source idle",
          () -> System.nanoTime() - idleFrom > 2 * js.idleness().toNanos());
      long burstTs = T0 + 30 * MINUTE + 30 * SECOND;
      // The burst in two orders of 300 a second apart (the second makes the signal), then a
      // future trade a day later that moves event time far past the trigger plus the hold.
      kafka.produce(
          Topics.MARKET_EVENTS,
          List.of(
              Map.entry(
                  CALL_ID, Fixtures.trade(CALL_ID, burstTs - SECOND, ++seq, Side.BID, 150, 300)),
              Map.entry(CALL_ID, Fixtures.trade(CALL_ID, burstTs, ++seq, Side.BID, 150, 300)),
              Map.entry(
                  FUTURE_ID, Fixtures.trade(FUTURE_ID, T0 + DAY, ++seq, Side.BID, 21_050, 1))));
      FlowSignal s =
          Poll.untilPresent(
              Duration.ofSeconds(60),
              "the spike's signal out of the confirmation stage",
              () ->
                  kafka.values(Topics.FLOW_SIGNALS).stream()
                      .filter(x -> x.getTsEvent() == burstTs)
                      .findFirst()
                      .orElse(null));
      assertThat(s.getAlgorithm()).isEqualTo("ifd_v1_volume_ratio");
    } finally {
      job.cancel().get();
    }
  }

  /** Whether {@code group} has committed offsets covering {@code records} of md.events. */
  private static boolean committedToEnd(String group, long records) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      long committed = 0;
      for (var e :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (e.getKey().topic().equals(Topics.MARKET_EVENTS.name()) && e.getValue() != null) {
          committed += e.getValue().offset();
        }
      }
      return committed >= records;
    } catch (Exception e) {
      return false;
    }
  }
}
