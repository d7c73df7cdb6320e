package io.nqflow.flow.ifd;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static io.nqflow.flow.Fixtures.UNDERLYING;
import static io.nqflow.flow.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MboPressureFunctionTest {
  private static final Instrument CALL = Fixtures.call(CALL_ID, 21_000);
  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new MboPressureFunction(
                Fixtures.settings().toBuilder().alignToWatermark(false).build()),
            e -> e.instrumentId,
            Types.LONG,
            AlignedDetector.UNDERLYING);
    h.processBroadcastElement(new UnderlyingPrice(UNDERLYING, px(21_050), T0), T0 / 1_000_000);
    for (int k = 0; k < 30; k++) {
      trade(T0 + k * MINUTE, k % 2 == 0 ? Side.BID : Side.ASK, 10);
    }
  }

  private void event(long ts, EventKind kind, Side side, double price, long size) throws Exception {
    OptionEvent e = Fixtures.optionTrade(CALL, ts, ++seq, side, price, size);
    e.kind = kind;
    h.processElement(e, ts / 1_000_000);
  }

  private void trade(long ts, Side side, long size) throws Exception {
    event(ts, EventKind.TRADE, side, 150, size);
  }

  private static final long BURST = T0 + 30 * MINUTE + 30 * SECOND;

  /** 16 trades of 20: three buys then a sell, four times. */
  private void mostlyBuying() throws Exception {
    for (int i = 0; i < 16; i++) {
      trade(BURST + (i + 1) * SECOND, i % 4 == 3 ? Side.ASK : Side.BID, 20);
    }
  }

  @Test
  void signalsSustainedOneSidedBuyingWithTheSignTest() throws Exception {
    for (int i = 0; i < 12; i++) {
      trade(BURST + i * SECOND, Side.BID, 25);
    }
    // z = n x 25 / sqrt(n x 25^2) = sqrt(n): 2.24 (>= 2.2) after 5 trades, 3 after 9.
    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getConfidence)
        .containsExactly(Confidence.MODERATE, Confidence.HIGH);
    FlowSignal high = h.extractOutputValues().get(1);
    assertThat(high.getAlgorithm()).isEqualTo("ifd_v3_mbo_pressure");
    assertThat(high.getScore()).isCloseTo(3.0, within(1e-9));
    assertThat(high.getDirection()).isEqualTo(Direction.BULLISH);
    assertThat(high.getPriority()).isEqualTo(Priority.NORMAL);
    assertThat(high.getAttributes()).containsEntry("imbalance", "1").containsEntry("trades", "9");
    assertThat(Double.parseDouble(high.getAttributes().get("p_value")))
        .isCloseTo(0.0027, within(0.0002));
  }

  @Test
  void signalsMostlyOneSidedFlowInAQuietBook() throws Exception {
    mostlyBuying();
    // After 11 trades z = 140 / sqrt(11 x 400) = 2.11, below 2.2; after 15: 240 bought, 60 sold,
    // imbalance 0.6, z = 180 / sqrt(15 x 400) = 2.32.
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(s -> assertThat(s.getScore()).isCloseTo(180 / Math.sqrt(6000), within(1e-9)));
  }

  @Test
  void treatsTheSameFlowInATwoSidedQuoteAndCancelBookAsMarketMaking() throws Exception {
    event(BURST, EventKind.ADD, Side.BID, 149.5, 1_000);
    event(BURST, EventKind.ADD, Side.ASK, 150.5, 1_000);
    event(BURST, EventKind.CANCEL, Side.BID, 149.5, 900);
    event(BURST, EventKind.CANCEL, Side.ASK, 150.5, 900);
    mostlyBuying();
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void refillsOnTheBuyersSideRaiseTheConfidence() throws Exception {
    for (int r = 0; r < 2; r++) {
      event(BURST + r * 100_000_000L, EventKind.FILL, Side.BID, 149.5, 10);
      event(BURST + r * 100_000_000L + 1_000_000, EventKind.ADD, Side.BID, 149.5, 10);
    }
    // Five trades: z = sqrt(5) = 2.24, MODERATE, raised one level by the refills.
    for (int i = 0; i < 5; i++) {
      trade(BURST + (i + 1) * SECOND, Side.BID, 25);
    }
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getConfidence()).isEqualTo(Confidence.HIGH);
              assertThat(s.getAttributes()).containsEntry("refills_bid", "2");
            });
  }

  @Test
  void aSingleBlockIsNotSustainedPressure() throws Exception {
    trade(BURST, Side.BID, 600);
    assertThat(h.extractOutputValues()).isEmpty();
  }
}
