package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Validation that learns on a MiniCluster against an embedded Kafka broker: eval.outcomes of the
 * gate's variant ("learn") feed the per-bucket accuracy, a signal from a bucket with poor outcomes
 * is rejected with {@code validated_accuracy}, one from a good bucket is approved, and a broken
 * outcome goes to ops.deadletter.
 */
class RiskGateValidationITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String POOR = "ifd_v1_volume_ratio";
  private static final String GOOD = "ifd_v3_mbo_pressure";

  private static JobSettings job() {
    return new JobSettings(
        KAFKA.bootstrapServers(),
        2,
        Duration.ofMillis(500),
        DeliveryGuarantee.AT_LEAST_ONCE,
        true,
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        false,
        "learn");
  }

  private static SignalOutcome outcome(String id, String algorithm, long tsExit, double pnl) {
    return Outcomes.decided(id, algorithm, tsExit, pnl).setVariant("learn").build();
  }

  @Test
  void aBucketWithPoorOutcomesGetsItsNextSignalRejectedAndAGoodBucketsIsApproved()
      throws Exception {
    TopicClient kafka = KAFKA.client();
    // Accuracy at least 0.5 over the last 10 decided outcomes, measured from 4.
    RiskSettings settings =
        Fixtures.settings().toBuilder()
            .validation(new ValidationSettings(true, 0.5, 10, 4))
            .build();
    JobSettings job = job();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    RiskGateJob.attach(env, job, settings, true);
    JobClient client = env.executeAsync(RiskGateJob.jobName(job));
    try {
      long exit = TUESDAY_10_CT - 30 * MINUTE;
      List<Map.Entry<String, SignalOutcome>> outcomes = new ArrayList<>();
      // One Kafka key for all, so they stay in one partition and arrive in this order.
      String key = "learn";
      // GOOD/HIGH: 4 wins of 5 = 0.8. POOR/HIGH: 2 wins of 5 = 0.4 (after 4 outcomes 2 of 4 =
      // 0.5, not yet below 0.5: the bucket starts failing with the fifth).
      double[] good = {40, 40, -30, 40, 40};
      double[] poor = {-30, 40, 40, -30, -30};
      for (int i = 0; i < 5; i++) {
        outcomes.add(Map.entry(key, outcome("g" + i, GOOD, exit + i * MINUTE, good[i])));
      }
      // Another variant's losses count nowhere.
      outcomes.add(
          Map.entry(key, Outcomes.decided("x0", GOOD, exit, -30).setVariant("other").build()));
      for (int i = 0; i < 5; i++) {
        outcomes.add(Map.entry(key, outcome("p" + i, POOR, exit + i * MINUTE, poor[i])));
      }
      // A decided outcome without a confidence bucket cannot be counted; being last, its dead
      // letter also says every outcome before it was counted.
      outcomes.add(
          Map.entry(
              key,
              Outcomes.decided("bad", POOR, exit, -30)
                  .setVariant("learn")
                  .setConfidence("")
                  .build()));
      kafka.produce(Topics.OUTCOMES, outcomes);
      kafka.produceRaw(
          Topics.OUTCOMES.name(),
          "junk".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8));

      // The gate says when the poor bucket starts failing: from then on its signals are rejected.
      kafka.awaitMatching(
          Topics.AUDIT,
          a ->
              a.getEntityId().equals(POOR + "/HIGH")
                  && a.getAction().equals("VALIDATION_BLOCKED")
                  && a.getDetails().get("samples").equals("5")
                  && a.getDetails().get("wins").equals("2"),
          WAIT);
      kafka.awaitMatching(
          Topics.DEAD_LETTERS,
          d -> d.getSource().equals("eval.outcomes") && d.getReason().contains("no confidence"),
          WAIT);

      FlowSignal fromPoor =
          Fixtures.signal("learn-s1", 7, TUESDAY_10_CT, 2.00)
              .setVariant("learn")
              .setAlgorithm(POOR)
              .build();
      FlowSignal fromGood =
          Fixtures.signal("learn-s2", 8, TUESDAY_10_CT, 2.00)
              .setVariant("learn")
              .setAlgorithm(GOOD)
              .build();
      kafka.produce(
          Topics.FLOW_SIGNALS, List.of(Map.entry("NQH5", fromPoor), Map.entry("NQH5", fromGood)));

      OrderIntent approved =
          kafka
              .awaitMatching(Topics.ORDERS_APPROVED, o -> o.getVariant().equals("learn"), WAIT)
              .get(0)
              .value();
      RiskDecision rejected =
          kafka
              .awaitMatching(Topics.ORDERS_REJECTED, d -> d.getVariant().equals("learn"), WAIT)
              .get(0)
              .value();
      assertThat(approved.getSignalId()).isEqualTo("learn-s2");
      assertThat(rejected.getSignalId()).isEqualTo("learn-s1");
      assertThat(rejected.getViolations())
          .extracting(RuleViolation::getRule, RuleViolation::getDetail)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "validated_accuracy",
                  "bucket ifd_v1_volume_ratio/HIGH: accuracy 0.400 (2 of 5 decided outcomes) <"
                      + " min_accuracy 0.500 (min_samples 4)"));

      // Bytes that are not an outcome at all are dead-lettered by the decoder.
      kafka.awaitMatching(
          Topics.DEAD_LETTERS,
          d -> d.getSource().equals("eval.outcomes") && !d.getReason().contains("no confidence"),
          WAIT);
      // The good bucket never failed, the other variant's outcome never reached a bucket.
      assertThat(kafka.values(Topics.AUDIT))
          .filteredOn(a -> a.getAction().startsWith("VALIDATION_"))
          .extracting(a -> a.getEntityId())
          .containsExactly(POOR + "/HIGH");
    } finally {
      client.cancel().get();
    }
  }
}
