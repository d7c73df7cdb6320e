package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.FUTURE_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.TopicClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka-wired job on a MiniCluster: md.events + md.instruments in, signals.flow out. */
class FlowDetectionJobITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  @Test
  void signalsAVolumeSpikeFromKafkaAndDeadLettersGarbage() throws Exception {
    TopicClient kafka = KAFKA.client();
    Instrument call = Fixtures.call(CALL_ID, 21_000);
    kafka.produce(
        Topics.INSTRUMENTS,
        List.of(Map.entry(FUTURE_ID, Fixtures.future()), Map.entry(CALL_ID, call)));

    List<Map.Entry<Long, MarketEvent>> events = new ArrayList<>();
    long seq = 0;
    events.add(Map.entry(FUTURE_ID, Fixtures.trade(FUTURE_ID, T0, ++seq, Side.BID, 21_050, 2)));
    for (int k = 0; k < 30; k++) {
      Side side = k % 2 == 0 ? Side.BID : Side.ASK;
      events.add(
          Map.entry(CALL_ID, Fixtures.trade(CALL_ID, T0 + k * MINUTE, ++seq, side, 150, 10)));
      events.add(
          Map.entry(
              FUTURE_ID, Fixtures.trade(FUTURE_ID, T0 + k * MINUTE + 1, ++seq, side, 21_050, 1)));
    }
    long burstTs = T0 + 30 * MINUTE + 30 * SECOND;
    // The burst in two orders of 300 a second apart (IFD v1 leaves a spike made by one order to
    // the patterns): the second makes the signal.
    events.add(
        Map.entry(CALL_ID, Fixtures.trade(CALL_ID, burstTs - SECOND, ++seq, Side.BID, 150, 300)));
    long burstSeq = ++seq;
    events.add(Map.entry(CALL_ID, Fixtures.trade(CALL_ID, burstTs, burstSeq, Side.BID, 150, 300)));
    kafka.produce(Topics.MARKET_EVENTS, events);
    kafka.produceRaw(
        Topics.MARKET_EVENTS.name(), null, "not avro".getBytes(StandardCharsets.UTF_8));

    JobSettings js = JobSettings.local(KAFKA.bootstrapServers()).withBounded(true);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    FlowDetectionJob.build(env, js, Fixtures.settings());
    env.execute("flow-detection-itcase");

    List<ConsumerRecord<String, FlowSignal>> signals = kafka.readAll(Topics.FLOW_SIGNALS);
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).key()).isEqualTo("NQH6");
    FlowSignal s = signals.get(0).value();
    assertThat(s.getSignalId())
        .isEqualTo(Ids.signalId(CALL_ID, burstTs, burstSeq, "ifd_v1_volume_ratio", "baseline"));
    assertThat(s.getConfidence()).isEqualTo(Confidence.EXTREME);
    assertThat(s.getDirection()).isEqualTo(Direction.BULLISH);
    assertThat(s.getTsEmit()).isGreaterThan(s.getTsEvent());

    List<DeadLetter> dead = kafka.values(Topics.DEAD_LETTERS);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSource()).isEqualTo("md.events");
              assertThat(d.getReason()).contains("cannot decode MarketEvent");
            });

    // A second variant on the same input, exactly-once: its own ids, its own transactions.
    StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment();
    FlowDetectionJob.build(
        env2,
        js.withVariant("candidate").withDelivery(DeliveryGuarantee.EXACTLY_ONCE),
        Fixtures.settings().withVariant("candidate"));
    env2.execute("flow-detection-itcase-candidate");

    // A committed transaction's markers reach the partitions after commit returns: poll for it.
    List<FlowSignal> all = kafka.awaitValues(Topics.FLOW_SIGNALS, 2, Duration.ofSeconds(30));
    assertThat(all)
        .extracting(FlowSignal::getSignalId)
        .containsExactlyInAnyOrder(
            s.getSignalId(),
            Ids.signalId(CALL_ID, burstTs, burstSeq, "ifd_v1_volume_ratio", "candidate"));
    assertThat(all).extracting(FlowSignal::getVariant).contains("baseline", "candidate");
  }
}
