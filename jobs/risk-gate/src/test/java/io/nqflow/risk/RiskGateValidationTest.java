package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.validation.OutcomeValidation;
import io.nqflow.risk.validation.ValidationSample;
import io.nqflow.risk.validation.ValidationWindow;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The gate operator with risk.validation on: outcomes in keyed state, decisions that use them. */
class RiskGateValidationTest {
  private static final String V1 = "ifd_v1_volume_ratio";
  private static final String V3 = "ifd_v3_mbo_pressure";

  /** On; accuracy at least 0.5 over the last 10, measured from 4. */
  static final RiskSettings SETTINGS =
      Fixtures.settings().toBuilder().validation(new ValidationSettings(true, 0.5, 10, 4)).build();

  private static KeyedOneInputStreamOperatorTestHarness<String, GateInput, OrderIntent> gate()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new RiskGateFunction(SETTINGS)), g -> g.account, Types.STRING);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> values(Collection<? extends StreamRecord<? extends T>> records) {
    return records == null ? List.of() : records.stream().map(r -> (T) r.getValue()).toList();
  }

  @Test
  void validationStateIsSerializedAsPojosWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ValidationWindow.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(ValidationSample.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(GateInput.class);
  }

  @Test
  void aBucketWithPoorOutcomesIsRejectedAfterASnapshotAndAGoodOneApproved() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = gate()) {
      h.open();
      long exit = TUESDAY_10_CT - 30 * MINUTE;
      // V1/HIGH: 1 win of 4 = 0.25; V3/HIGH: 3 wins of 4 = 0.75.
      double[] v1 = {-30, 25, -30, -30};
      double[] v3 = {25, 25, -30, 25};
      for (int i = 0; i < 4; i++) {
        h.processElement(
            GateInput.outcome("paper", Outcomes.decided("a" + i, V1, exit + i, v1[i]).build()), 0);
        h.processElement(
            GateInput.outcome("paper", Outcomes.decided("b" + i, V3, exit + i, v3[i]).build()), 0);
      }
      List<AuditEvent> audits = values(h.getSideOutput(RiskTags.AUDIT));
      assertThat(audits)
          .extracting(AuditEvent::getEntityId, AuditEvent::getAction)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(V1 + "/HIGH", "VALIDATION_BLOCKED"));
      snapshot = h.snapshot(1, 1);
    }
    try (var h = gate()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(
          GateInput.signal("paper", Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build()), 0);
      h.processElement(
          GateInput.signal(
              "paper", Fixtures.signal("s2", 8, TUESDAY_10_CT, 2.00).setAlgorithm(V3).build()),
          0);

      List<OrderIntent> approved = values(h.extractOutputStreamRecords());
      List<RiskDecision> rejected = values(h.getSideOutput(RiskTags.REJECTED));
      assertThat(approved).extracting(OrderIntent::getSignalId).containsExactly("s2");
      assertThat(rejected)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getSignalId()).isEqualTo("s1");
                assertThat(d.getViolations())
                    .extracting(RuleViolation::getRule, RuleViolation::getDetail)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                            "validated_accuracy",
                            "bucket ifd_v1_volume_ratio/HIGH: accuracy 0.250 (1 of 4 decided"
                                + " outcomes) < min_accuracy 0.500 (min_samples 4)"));
              });
    }
  }

  @Test
  void aBrokenOutcomeIsDeadLetteredAndCountsNowhere() throws Exception {
    try (var h = gate()) {
      h.open();
      h.processElement(
          GateInput.outcome(
              "paper",
              Outcomes.decided("bad", V1, TUESDAY_10_CT - MINUTE, -30).setConfidence("").build()),
          0);

      List<DeadLetter> dead = values(h.getSideOutput(DeadLetters.TAG));
      assertThat(dead)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getSource()).isEqualTo("eval.outcomes");
                assertThat(d.getReason()).contains("no confidence bucket");
              });
      assertThat(h.getSideOutput(RiskTags.AUDIT)).isNullOrEmpty();
      assertThat(OutcomeValidation.bucket(V1, "HIGH")).isEqualTo(V1 + "/HIGH");
    }
  }
}
