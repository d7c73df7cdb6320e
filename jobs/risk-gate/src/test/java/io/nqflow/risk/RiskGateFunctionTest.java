package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.MINUTE;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class RiskGateFunctionTest {
  private static final RiskSettings SETTINGS = Fixtures.settings();

  private static KeyedOneInputStreamOperatorTestHarness<String, GateInput, OrderIntent> gate()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new RiskGateFunction(SETTINGS)), g -> g.account, Types.STRING);
  }

  private static <T> List<T> values(
      java.util.Collection<? extends StreamRecord<? extends T>> records) {
    return records == null ? List.of() : records.stream().map(r -> (T) r.getValue()).toList();
  }

  @Test
  void gateStateAndInputAreSerializedAsPojosWithoutKryo() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(RiskBook.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(Position.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(PendingOrder.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(GateInput.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(OpportunityMark.class);
  }

  @Test
  void confirmationsSurviveASnapshotAndRestore() throws Exception {
    RiskSettings confirm = Fixtures.settings(OpportunityMode.CONFIRM);
    OperatorSubtaskState snapshot;
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, GateInput, OrderIntent>(
            new KeyedProcessOperator<>(new RiskGateFunction(confirm)),
            g -> g.account,
            Types.STRING)) {
      h.open();
      h.processElement(
          GateInput.opportunity(
              "paper", Fixtures.opportunity("o1", 9, TUESDAY_10_CT - MINUTE, 3.00).build()),
          0);
      snapshot = h.snapshot(1, 1);
    }
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, GateInput, OrderIntent>(
            new KeyedProcessOperator<>(new RiskGateFunction(confirm)),
            g -> g.account,
            Types.STRING)) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(
          GateInput.signal("paper", Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build()), 0);
      List<OrderIntent> approved = values(h.extractOutputStreamRecords());
      assertThat(approved)
          .singleElement()
          .satisfies(o -> assertThat(o.getConfirmingOpportunityId()).isEqualTo("o1"));
    }
  }

  @Test
  void opportunityDedupeDropsAndAuditsAnOpportunityIdSeenBefore() throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, Opportunity, Opportunity>(
            new KeyedProcessOperator<>(
                new OpportunityDedupe(Fixtures.settings(OpportunityMode.TRADE))),
            Opportunity::getOpportunityId,
            Types.STRING)) {
      h.open();
      Opportunity o1 = Fixtures.opportunity("o1", 9, TUESDAY_10_CT, 2.00).build();
      h.processElement(o1, 0);
      h.processElement(o1, 1);
      h.processElement(Fixtures.opportunity("o2", 9, TUESDAY_10_CT, 2.00).build(), 2);
      assertThat(values(h.extractOutputStreamRecords()))
          .extracting(o -> ((Opportunity) o).getOpportunityId())
          .containsExactly("o1", "o2");
      assertThat(values(h.getSideOutput(RiskTags.AUDIT)))
          .singleElement()
          .satisfies(
              a -> {
                AuditEvent e = (AuditEvent) a;
                assertThat(e.getAction()).isEqualTo("DUPLICATE_DROPPED");
                assertThat(e.getEntityType()).isEqualTo("opportunity");
                assertThat(e.getEntityId()).isEqualTo("o1");
              });
    }
  }

  @Test
  void pendingExposureSurvivesASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = gate()) {
      h.open();
      h.processElement(
          GateInput.signal("paper", Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build()), 0);
      assertThat(values(h.extractOutputStreamRecords())).hasSize(1);
      assertThat(values(h.getSideOutput(RiskTags.AUDIT)))
          .extracting(AuditEvent::getAction)
          .containsExactly("APPROVED");
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = gate()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(
          GateInput.signal(
              "paper", Fixtures.signal("s2", 7, TUESDAY_10_CT + 5 * MINUTE, 2.00).build()),
          0);
      assertThat(h.extractOutputStreamRecords()).isEmpty();
      List<RiskDecision> rejected = values(h.getSideOutput(RiskTags.REJECTED));
      assertThat(rejected)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getSignalId()).isEqualTo("s2");
                assertThat(d.getViolations())
                    .extracting(RuleViolation::getRule)
                    .containsExactly("max_position");
              });
    }
  }

  @Test
  void impossibleExecutionGoesToDeadLettersWithItsBytes() throws Exception {
    try (var h = gate()) {
      h.open();
      h.processElement(
          GateInput.execution(
              "paper",
              Fixtures.fill("x1", "c1", 7, OrderSide.BUY, 1, -2.0, OrderRole.ENTRY, TUESDAY_10_CT)),
          0);
      List<DeadLetter> dead = values(h.getSideOutput(DeadLetters.TAG));
      assertThat(dead)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getSource()).isEqualTo("exec.events");
                assertThat(d.getStage()).isEqualTo("risk-gate");
                assertThat(d.getReason()).contains("x1").contains("price");
                assertThat(d.getRaw().remaining()).isPositive();
              });
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void dedupeDropsAndAuditsASignalIdSeenBefore() throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, FlowSignal, FlowSignal>(
            new KeyedProcessOperator<>(new SignalDedupe(SETTINGS)),
            FlowSignal::getSignalId,
            Types.STRING)) {
      h.open();
      FlowSignal s1 = Fixtures.signal("s1", 7, TUESDAY_10_CT, 2.00).build();
      h.processElement(s1, 0);
      h.processElement(s1, 1);
      h.processElement(Fixtures.signal("s2", 7, TUESDAY_10_CT, 2.00).build(), 2);
      assertThat(values(h.extractOutputStreamRecords()))
          .extracting(FlowSignal::getSignalId)
          .containsExactly("s1", "s2");
      assertThat(values(h.getSideOutput(RiskTags.AUDIT)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getAction()).isEqualTo("DUPLICATE_DROPPED");
                assertThat(a.getEntityId()).isEqualTo("s1");
              });
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    }
  }
}
