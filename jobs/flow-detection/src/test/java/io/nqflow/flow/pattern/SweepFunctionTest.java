package io.nqflow.flow.pattern;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SweepFunctionTest {
  private static final Instrument CALL = Fixtures.call(CALL_ID, 21_000);
  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;

  @BeforeEach
  void setUp() throws Exception {
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new SweepFunction(Fixtures.settings()),
            e -> e.instrumentId,
            Types.LONG,
            AlignedDetector.UNDERLYING);
  }

  private void trade(long ts, long seq, Side side, double price, long size) throws Exception {
    h.processElement(Fixtures.optionTrade(CALL, ts, seq, side, price, size), ts / 1_000_000);
  }

  @Test
  void signalsOneMatchEventThroughThreeLevels() throws Exception {
    trade(T0, 10, Side.BID, 150.00, 20);
    trade(T0, 10, Side.BID, 150.25, 20);
    trade(T0, 10, Side.BID, 150.50, 20);
    h.watermark(T0 / 1_000_000 + 1);

    FlowSignal s = h.extractOutputValues().get(0);
    assertThat(s.getAlgorithm()).isEqualTo("cep_sweep");
    assertThat(s.getContracts()).isEqualTo(60);
    // (150 + 150.25 + 150.5) x 20 x $20 = $180.3k: 1.8x the minimum premium
    assertThat(s.getPremiumUsd()).isEqualTo((150 + 150.25 + 150.5) * 20 * 20);
    assertThat(s.getConfidence()).isEqualTo(Confidence.MODERATE);
    assertThat(s.getAttributes()).containsEntry("levels", "3");
    assertThat(s.getSignalId()).isEqualTo(Ids.signalId(CALL_ID, T0, 10, "cep_sweep", "baseline"));
  }

  @Test
  void twoLevelsOrSeparateMatchEventsAreNoSweep() throws Exception {
    trade(T0, 10, Side.BID, 150.00, 40);
    trade(T0, 10, Side.BID, 150.25, 40);
    trade(T0 + SECOND, 11, Side.BID, 150.50, 40);
    trade(T0 + 2 * SECOND, 12, Side.ASK, 150.50, 40);
    h.watermark((T0 + 3 * SECOND) / 1_000_000);
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void onArrivalAMatchEventClosesAfterAFewMillisecondsOfWallTime() throws Exception {
    h.close();
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new SweepFunction(Fixtures.settings().toBuilder().alignToWatermark(false).build()),
            e -> e.instrumentId,
            Types.LONG,
            AlignedDetector.UNDERLYING);
    h.setProcessingTime(1_000);
    trade(T0, 10, Side.BID, 150.00, 20);
    trade(T0, 10, Side.BID, 150.25, 20);
    trade(T0, 10, Side.BID, 150.50, 20);
    // No watermark at all: only wall time passes.
    h.setProcessingTime(1_000 + SweepFunction.ARRIVAL_CLOSE_MILLIS - 1);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(1_000 + SweepFunction.ARRIVAL_CLOSE_MILLIS);
    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.extractOutputValues().get(0).getContracts()).isEqualTo(60);
    // The event-time timer later finds the match closed and signals nothing twice.
    h.watermark(T0 / 1_000_000 + 10);
    assertThat(h.extractOutputValues()).hasSize(1);
  }
}
