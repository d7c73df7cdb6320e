package io.nqflow.eval;

import static io.nqflow.eval.EvalFixtures.MINUTE;
import static io.nqflow.eval.EvalFixtures.SECOND;
import static io.nqflow.eval.EvalFixtures.T0;
import static io.nqflow.eval.EvalFixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.JobSettings;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka-wired job on a MiniCluster over a three-minute session: three signals (a target, a stop
 * and a horizon exit, hand-computed in {@link ShadowTradeTest}), a rejection, an approval with its
 * paper fill, a signal of another variant and bytes that are no signal. eval.outcomes is read
 * read_committed (the sink is transactional); a second run at another parallelism gives the same
 * outcomes.
 */
class SignalEvaluationJobITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  static final long FUTURE = 1;
  static final long CALL_A = 7;
  static final long CALL_B = 8;
  static final long CALL_C = 9;

  @Test
  void evaluatesEverySignalExactlyOnceAndTheSameAtAnyParallelism() throws Exception {
    TopicClient kafka = KAFKA.client();
    FlowSignal a = EvalFixtures.signal("sig-a", CALL_A, T0, 10.00);
    FlowSignal b = EvalFixtures.signal("sig-b", CALL_B, T0 + 10 * SECOND, 10.00);
    FlowSignal c = EvalFixtures.signal("sig-c", CALL_C, T0, 2.50);
    FlowSignal other = EvalFixtures.signal("sig-other", CALL_A, T0, 10.00);
    other.setVariant("candidate");

    List<MarketEvent> md = new ArrayList<>();
    md.add(EvalFixtures.trade(CALL_A, 10.00, T0));
    md.add(EvalFixtures.trade(CALL_A, 11.00, T0 + SECOND));
    md.add(EvalFixtures.trade(CALL_A, 9.00, T0 + 2 * SECOND));
    md.add(EvalFixtures.trade(CALL_A, 20.25, T0 + 3 * SECOND));
    md.add(EvalFixtures.trade(CALL_B, 9.50, T0 + 20 * SECOND));
    md.add(EvalFixtures.trade(CALL_B, 4.80, T0 + 50 * SECOND));
    md.add(EvalFixtures.trade(CALL_C, 2.40, T0 + 10 * SECOND));
    md.add(EvalFixtures.trade(CALL_C, 3.00, T0 + 20 * SECOND));
    md.add(EvalFixtures.trade(CALL_C, 4.00, T0 + 61 * SECOND)); // after C's one-minute horizon
    for (long t = T0; t <= T0 + 3 * MINUTE; t += 10 * SECOND) {
      md.add(EvalFixtures.trade(FUTURE, 21_000.00, t));
    }
    md.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    kafka.produce(
        Topics.MARKET_EVENTS, md.stream().map(e -> Map.entry(e.getInstrumentId(), e)).toList());
    kafka.produce(
        Topics.FLOW_SIGNALS,
        List.of(
            Map.entry("NQH5", a),
            Map.entry("NQH5", c),
            Map.entry("NQH5", other),
            Map.entry("NQH5", b)));
    kafka.produceRaw(
        Topics.FLOW_SIGNALS.name(),
        "NQH5".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8));
    kafka.produce(
        Topics.ORDERS_REJECTED,
        List.of(Map.entry("paper", EvalFixtures.rejected(a, "max_total_risk", "daily_loss"))));
    kafka.produce(Topics.ORDERS_APPROVED, List.of(Map.entry("paper", EvalFixtures.approved(b))));
    kafka.produce(
        Topics.EXEC_EVENTS,
        List.of(Map.entry("paper", EvalFixtures.entryFill(b, T0 + 12 * SECOND, 10.25, 1))));

    EvaluationSettings settings = EvaluationSettings.defaults().withHorizon(Duration.ofMinutes(1));
    run(2, settings);
    List<ConsumerRecord<String, SignalOutcome>> first = kafka.readAll(Topics.OUTCOMES);
    assertThat(first).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getSignalId()));
    Map<String, SignalOutcome> byId = latest(first);
    assertThat(byId.keySet()).containsExactly("sig-a", "sig-b", "sig-c");

    SignalOutcome oa = byId.get("sig-a");
    assertThat(oa.getOutcome()).isEqualTo(OutcomeKind.TARGET);
    assertThat(oa.getExitPrice()).isEqualTo(px(20.00));
    assertThat(oa.getTimeToOutcomeNs()).isEqualTo(3 * SECOND);
    assertThat(oa.getPnlUsd()).isCloseTo(195.0, within(1e-9));
    assertThat(oa.getApproved()).isFalse();
    assertThat(oa.getDecisionReason()).isEqualTo("max_total_risk,daily_loss");
    assertThat(oa.getFillPrice()).isNull();

    SignalOutcome ob = byId.get("sig-b");
    assertThat(ob.getOutcome()).isEqualTo(OutcomeKind.STOP);
    assertThat(ob.getExitPrice()).isEqualTo(px(4.75));
    assertThat(ob.getMfePoints()).isCloseTo(0.0, within(1e-9));
    assertThat(ob.getMaePoints()).isCloseTo(5.20, within(1e-9));
    assertThat(ob.getPnlUsd()).isCloseTo(-110.0, within(1e-9));
    assertThat(ob.getTimeToOutcomeNs()).isEqualTo(40 * SECOND);
    assertThat(ob.getApproved()).isTrue();
    assertThat(ob.getDecisionReason()).isEqualTo("approved");
    assertThat(ob.getFillPrice()).isEqualTo(px(10.25));
    assertThat(ob.getSignalToFillNs()).isEqualTo(2 * SECOND);
    assertThat(ob.getFillSlippagePoints()).isCloseTo(0.25, within(1e-9));

    SignalOutcome oc = byId.get("sig-c");
    assertThat(oc.getOutcome()).isEqualTo(OutcomeKind.EXPIRY);
    assertThat(oc.getTsExit()).isEqualTo(T0 + MINUTE);
    assertThat(oc.getExitPrice()).isEqualTo(px(2.95));
    assertThat(oc.getMfePoints()).isCloseTo(0.45, within(1e-9));
    assertThat(oc.getPnlUsd()).isCloseTo(3.00, within(1e-9));
    assertThat(oc.getDecisionReason()).isEmpty(); // no decision seen
    assertThat(oc.getHorizonNs()).isEqualTo(MINUTE);

    List<DeadLetter> dead = kafka.values(Topics.DEAD_LETTERS);
    assertThat(dead)
        .singleElement()
        .satisfies(d -> assertThat(d.getSource()).isEqualTo("signals.flow"));

    // The same input at parallelism 1: the same latest outcome per signal.
    run(1, settings);
    List<ConsumerRecord<String, SignalOutcome>> both = kafka.readAll(Topics.OUTCOMES);
    Map<String, SignalOutcome> second = latest(both.subList(first.size(), both.size()));
    assertThat(second).isEqualTo(byId);
  }

  private static void run(int parallelism, EvaluationSettings settings) throws Exception {
    JobSettings job =
        new JobSettings(
            KAFKA.bootstrapServers(),
            parallelism,
            Duration.ofMillis(500),
            DeliveryGuarantee.AT_LEAST_ONCE,
            true,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            true,
            "baseline");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SignalEvaluationJob.build(env, job, settings, false);
    env.execute(SignalEvaluationJob.jobName(job));
  }

  /** The latest record per signal id, in offset order per partition (one key, one partition). */
  private static Map<String, SignalOutcome> latest(
      List<ConsumerRecord<String, SignalOutcome>> records) {
    Map<String, SignalOutcome> m = new TreeMap<>();
    for (ConsumerRecord<String, SignalOutcome> r : records) {
      m.put(r.key(), r.value());
    }
    return m;
  }
}
