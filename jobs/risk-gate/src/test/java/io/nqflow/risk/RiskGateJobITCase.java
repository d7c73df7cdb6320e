package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.ids.Ids;
import io.nqflow.core.security.IntentSigner;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.TopicClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RiskGateJobITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  @Test
  void decidesSignalsFromKafkaOnceEachAndWritesOrdersRejectionsAuditAndDeadLetters()
      throws Exception {
    TopicClient kafka = KAFKA.client();
    FlowSignal s1 = Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build();
    FlowSignal s2 = Fixtures.signal("s2", 7, TUESDAY_10_CT + 5 * MINUTE, 2.00).build();
    // The duplicate of s1 models at-least-once redelivery upstream.
    kafka.produce(
        Topics.FLOW_SIGNALS,
        List.of(Map.entry("NQH5", s1), Map.entry("NQH5", s2), Map.entry("NQH5", s1)));
    kafka.produceRaw(
        Topics.FLOW_SIGNALS.name(),
        "NQH5".getBytes(StandardCharsets.UTF_8),
        "not avro".getBytes(StandardCharsets.UTF_8));

    JobSettings job =
        new JobSettings(
            KAFKA.bootstrapServers(),
            2,
            Duration.ofMillis(500),
            DeliveryGuarantee.AT_LEAST_ONCE,
            true,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            true,
            "baseline");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    // the gate signs what it approves (risk.signing_key)
    String key = "gate-test-key-0123456789";
    RiskGateJob.attach(env, job, Fixtures.settings().withSigningKey(key, "gate-1"));
    env.execute(RiskGateJob.jobName(job));

    List<OrderIntent> approved = kafka.values(Topics.ORDERS_APPROVED);
    List<RiskDecision> rejected = kafka.values(Topics.ORDERS_REJECTED);
    // Which of s1/s2 reaches the gate first depends on the dedupe subtasks; exactly one trades.
    assertThat(approved)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getAccount()).isEqualTo("paper");
              assertThat(o.getClientOrderId())
                  .isEqualTo(Ids.clientOrderId("baseline", o.getSignalId()));
              assertThat(o.getKeyId()).isEqualTo("gate-1");
              assertThat(new IntentSigner(key, "gate-1").verify(o)).isTrue();
              assertThat(new IntentSigner("some-other-key-0123456", "gate-1").verify(o)).isFalse();
            });
    String approvedId = approved.get(0).getSignalId();
    assertThat(rejected)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSignalId()).isNotEqualTo(approvedId).isIn("s1", "s2");
              assertThat(d.getViolations())
                  .extracting(RuleViolation::getRule)
                  .contains("max_position");
            });

    List<AuditEvent> audit = kafka.values(Topics.AUDIT);
    assertThat(audit)
        .extracting(AuditEvent::getAction)
        .containsExactlyInAnyOrder("APPROVED", "REJECTED", "DUPLICATE_DROPPED");
    assertThat(audit).allSatisfy(a -> assertThat(Set.of("s1", "s2")).contains(a.getEntityId()));
    assertThat(kafka.readAll(Topics.AUDIT))
        .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getEntityId()));

    List<DeadLetter> dead = kafka.values(Topics.DEAD_LETTERS);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSource()).isEqualTo("signals.flow");
              assertThat(new String(d.getRaw().array(), StandardCharsets.UTF_8))
                  .isEqualTo("not avro");
            });
  }
}
