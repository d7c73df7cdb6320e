package io.nqflow.flow.signal;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.signals.v1.FlowSignal;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SignalDeduplicatorTest {
  static KeyedOneInputStreamOperatorTestHarness<String, FlowSignal, FlowSignal> harness(
      FlowDetectionSettings s) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new SignalDeduplicator(s), SignalDeduplicator::keyOf, Types.STRING);
  }

  static FlowSignal signal(String id, long ts, Confidence c) {
    return FlowSignal.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm("cep_ladder")
        .setAlgorithmVersion("1.0")
        .setJobVersion("test")
        .setInstrumentId(Fixtures.CALL_ID)
        .setRawSymbol("NQH6 C21000")
        .setUnderlying("NQH6")
        .setInstrumentClass(InstrumentClass.CALL)
        .setAggressor(Side.BID)
        .setDirection(Direction.BULLISH)
        .setConfidence(c)
        .setPriority(Priority.NORMAL)
        .setScore(1)
        .setTsEvent(ts)
        .setTriggerSequence(1)
        .setTsEmit(ts)
        .setWindowStart(ts)
        .setContracts(1)
        .setPremiumUsd(1)
        .setReferencePrice(1)
        .setRationale("test")
        .setAttributes(Map.of())
        .build();
  }

  @Test
  void dropsRepeatedIdsAndRepeatsWithinTheCooldown() throws Exception {
    var h = harness(Fixtures.settings());
    h.processElement(signal("a", T0, Confidence.HIGH), T0 / 1_000_000);
    h.processElement(signal("a", T0, Confidence.HIGH), T0 / 1_000_000);
    h.processElement(signal("b", T0 + MINUTE, Confidence.MODERATE), T0 / 1_000_000);
    h.processElement(signal("c", T0 + 2 * MINUTE, Confidence.EXTREME), T0 / 1_000_000);
    h.processElement(signal("d", T0 + 8 * MINUTE, Confidence.LOW), T0 / 1_000_000);

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("a", "c", "d");
  }

  @Test
  void stateEmptiesAfterTheCooldown() throws Exception {
    var h = harness(Fixtures.settings());
    h.processElement(signal("a", T0, Confidence.HIGH), T0 / 1_000_000);
    assertThat(h.numKeyedStateEntries()).isPositive();
    h.processWatermark((T0 + 6 * MINUTE) / 1_000_000);
    assertThat(h.numKeyedStateEntries()).isZero();
  }
}
