package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.DecisionSource;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.core.ids.Ids;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.TopicClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gate with signals.opportunity on a MiniCluster against an embedded Kafka broker. The two
 * tests share the broker and keep apart by variant ("trade", "confirm"): each gate decides only its
 * own variant's inputs, and the assertions read only its variant's outputs.
 */
class RiskGateOpportunitiesITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final Duration WAIT = Duration.ofSeconds(90);

  private static JobSettings job(boolean bounded, String variant) {
    return new JobSettings(
        KAFKA.bootstrapServers(),
        2,
        Duration.ofMillis(500),
        DeliveryGuarantee.AT_LEAST_ONCE,
        true,
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        bounded,
        variant);
  }

  @Test
  void tradeModeTurnsAnOpportunityIntoAnOrderOnOrdersApprovedOnceAndRejectsAWeakOne()
      throws Exception {
    TopicClient kafka = KAFKA.client();
    Opportunity o1 =
        Fixtures.opportunity("trade-o1", 9, TUESDAY_10_CT, 2.00).setVariant("trade").build();
    Opportunity weak =
        Fixtures.opportunity("trade-o2", 10, TUESDAY_10_CT, 2.00)
            .setVariant("trade")
            .setProbability(0.5)
            .build();
    // The second o1 models at-least-once redelivery upstream.
    kafka.produce(
        Topics.OPPORTUNITIES,
        List.of(Map.entry("NQH5", o1), Map.entry("NQH5", weak), Map.entry("NQH5", o1)));

    JobSettings job = job(true, "trade");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    RiskGateJob.attach(env, job, Fixtures.settings(OpportunityMode.TRADE));
    env.execute(RiskGateJob.jobName(job));

    List<OrderIntent> approved =
        kafka.values(Topics.ORDERS_APPROVED).stream()
            .filter(o -> o.getVariant().equals("trade"))
            .toList();
    assertThat(approved)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getSource()).isEqualTo(DecisionSource.OPPORTUNITY);
              assertThat(o.getSignalId()).isEqualTo("trade-o1");
              assertThat(o.getClientOrderId()).isEqualTo(Ids.clientOrderId("trade", "trade-o1"));
              assertThat(o.getInstrumentId()).isEqualTo(9);
              assertThat(o.getLimitPrice()).isEqualTo(px(2.00));
              assertThat(o.getStopLossPrice()).isEqualTo(px(1.00));
              assertThat(o.getProfitTargetPrice()).isEqualTo(px(4.00));
            });
    List<RiskDecision> rejected =
        kafka.values(Topics.ORDERS_REJECTED).stream()
            .filter(d -> d.getVariant().equals("trade"))
            .toList();
    assertThat(rejected)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSignalId()).isEqualTo("trade-o2");
              assertThat(d.getSource()).isEqualTo(DecisionSource.OPPORTUNITY);
              // 0.5 is LOW (below the tests' MODERATE) and below min_probability 0.6.
              assertThat(d.getViolations())
                  .extracting(RuleViolation::getRule)
                  .containsExactly("confidence", "opportunity_probability");
            });
    assertThat(kafka.values(Topics.AUDIT))
        .filteredOn(a -> a.getEntityId().startsWith("trade-"))
        .extracting(AuditEvent::getEntityId, AuditEvent::getAction)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("trade-o1", "APPROVED"),
            org.assertj.core.groups.Tuple.tuple("trade-o1", "DUPLICATE_DROPPED"),
            org.assertj.core.groups.Tuple.tuple("trade-o2", "REJECTED"));
  }

  @Test
  void confirmModeApprovesOnlyTheSignalAnOpportunityConfirmed() throws Exception {
    TopicClient kafka = KAFKA.client();
    // A running gate, so the opportunity is known to be recorded before the signals arrive: the
    // gate decides a signal when it arrives and does not wait for opportunities.
    JobSettings job = job(false, "confirm");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    RiskGateJob.attach(env, job, Fixtures.settings(OpportunityMode.CONFIRM), true);
    JobClient client = env.executeAsync(RiskGateJob.jobName(job));
    try {
      Opportunity bullish =
          Fixtures.opportunity("confirm-o1", 9, TUESDAY_10_CT - MINUTE, 3.00)
              .setVariant("confirm")
              .build();
      kafka.produce(Topics.OPPORTUNITIES, List.of(Map.entry("NQH5", bullish)));
      kafka.awaitMatching(
          Topics.AUDIT,
          a ->
              a.getEntityId().equals("confirm-o1") && a.getAction().equals("CONFIRMATION_RECORDED"),
          WAIT);

      FlowSignal confirmed =
          Fixtures.signal("confirm-s1", 7, TUESDAY_10_CT, 2.00).setVariant("confirm").build();
      // Puts bought: BEARISH flow, which no opportunity confirms.
      FlowSignal unconfirmed =
          Fixtures.signal("confirm-s2", 8, TUESDAY_10_CT, 2.00)
              .setVariant("confirm")
              .setInstrumentClass(InstrumentClass.PUT)
              .setDirection(Direction.BEARISH)
              .build();
      kafka.produce(
          Topics.FLOW_SIGNALS,
          List.of(Map.entry("NQH5", confirmed), Map.entry("NQH5", unconfirmed)));

      OrderIntent approved =
          kafka
              .awaitMatching(Topics.ORDERS_APPROVED, o -> o.getVariant().equals("confirm"), WAIT)
              .get(0)
              .value();
      RiskDecision rejected =
          kafka
              .awaitMatching(Topics.ORDERS_REJECTED, d -> d.getVariant().equals("confirm"), WAIT)
              .get(0)
              .value();

      assertThat(approved.getSignalId()).isEqualTo("confirm-s1");
      assertThat(approved.getSource()).isEqualTo(DecisionSource.FLOW_SIGNAL);
      assertThat(approved.getConfirmingOpportunityId()).isEqualTo("confirm-o1");
      assertThat(rejected.getSignalId()).isEqualTo("confirm-s2");
      assertThat(rejected.getConfirmingOpportunityId()).isNull();
      assertThat(rejected.getViolations())
          .extracting(RuleViolation::getRule)
          .containsExactly("opportunity_confirmation");
      // The opportunity itself is never traded in confirm mode.
      assertThat(kafka.values(Topics.ORDERS_APPROVED))
          .filteredOn(o -> o.getVariant().equals("confirm"))
          .extracting(OrderIntent::getSignalId)
          .containsExactly("confirm-s1");
    } finally {
      client.cancel().get();
    }
  }
}
