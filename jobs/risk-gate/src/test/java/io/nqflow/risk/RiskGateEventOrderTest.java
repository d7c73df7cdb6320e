package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The gate in event order decides by event time, not by arrival: two entries on one instrument 30 s
 * apart (the cooldown is 2 min, so only one of them can pass) arrive late one first.
 */
class RiskGateEventOrderTest {
  private static final RiskSettings SETTINGS = Fixtures.settings();

  private static List<String> approvedSignals(boolean eventOrder) throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, GateInput, OrderIntent>(
            new KeyedProcessOperator<>(new RiskGateFunction(SETTINGS, eventOrder)),
            g -> g.account,
            Types.STRING)) {
      h.open();
      h.processElement(
          GateInput.signal(
              "paper", Fixtures.signal("s-late", 7, TUESDAY_10_CT + 30 * SECOND, 2.00).build()),
          0);
      h.processElement(
          GateInput.signal("paper", Fixtures.signal("s-early", 7, TUESDAY_10_CT, 2.00).build()), 0);
      if (eventOrder) {
        assertThat(h.extractOutputStreamRecords()).as("held until the watermark").isEmpty();
        assertThat(h.getSideOutput(RiskTags.REJECTED)).isNullOrEmpty();
        // A bounded input ends with the final watermark.
        h.processWatermark(Long.MAX_VALUE);
      }
      List<String> rejected =
          h.getSideOutput(RiskTags.REJECTED).stream()
              .map(StreamRecord::getValue)
              .map(RiskDecision::getSignalId)
              .toList();
      List<String> approved =
          h.extractOutputStreamRecords().stream()
              .map(r -> ((OrderIntent) r.getValue()).getSignalId())
              .toList();
      assertThat(approved.size() + rejected.size()).as("one decision each").isEqualTo(2);
      return approved;
    }
  }

  @Test
  void inEventOrderTheEarlierSignalWinsWhateverArrivedFirst() throws Exception {
    assertThat(approvedSignals(true)).containsExactly("s-early");
  }

  @Test
  void asTheyArriveTheFirstToArriveWins() throws Exception {
    assertThat(approvedSignals(false)).containsExactly("s-late");
  }
}
