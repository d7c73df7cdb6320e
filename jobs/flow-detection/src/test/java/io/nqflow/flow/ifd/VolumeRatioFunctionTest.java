package io.nqflow.flow.ifd;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.DAY;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.PUT_ID;
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
import io.nqflow.core.ids.Ids;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IFD v1 on hand-made trades. Most tests make a spike with one print, so they run with the rules
 * that leave one-print spikes to the print patterns switched off ({@link #ONE_PRINT}); the last
 * tests check those rules with the defaults.
 */
class VolumeRatioFunctionTest {
  /** The defaults without the largest-print and trigger-premium rules. */
  static final FlowDetectionSettings ONE_PRINT =
      Fixtures.settings().toBuilder().maxPrintShare(1.0).minTriggerPremiumUsd(0).build();

  private static final Instrument CALL = Fixtures.call(CALL_ID, 21_000);
  private static final Instrument PUT = Fixtures.put(PUT_ID, 21_000);

  private KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> h;
  private long seq;

  @BeforeEach
  void setUp() throws Exception {
    h = harness(ONE_PRINT.toBuilder().alignToWatermark(false).build());
  }

  static KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> harness(
      FlowDetectionSettings s) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new VolumeRatioFunction(s),
        e -> e.instrumentId,
        Types.LONG,
        VolumeRatioFunction.UNDERLYING);
  }

  private void underlying(double price, long ts) throws Exception {
    h.processBroadcastElement(new UnderlyingPrice(UNDERLYING, px(price), ts), ts / 1_000_000);
  }

  private OptionEvent trade(Instrument i, long ts, Side side, double price, long size)
      throws Exception {
    OptionEvent e = Fixtures.optionTrade(i, ts, ++seq, side, price, size);
    h.processElement(e, ts / 1_000_000);
    return e;
  }

  /** 30 minutes of 10 contracts a minute: a session-to-date baseline of about 10 per window. */
  private void quietHalfHour(Instrument i, long start) throws Exception {
    for (int k = 0; k < 30; k++) {
      trade(i, start + k * MINUTE, k % 2 == 0 ? Side.BID : Side.ASK, 150, 10);
    }
  }

  @Test
  void signalsExtremeWhenVolumeIsFiftyTimesBaseline() throws Exception {
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    OptionEvent trigger = trade(CALL, T0 + 30 * MINUTE + 30 * SECOND, Side.BID, 150, 600);

    List<FlowSignal> out = h.extractOutputValues();
    assertThat(out).hasSize(1);
    FlowSignal s = out.get(0);
    // 300 contracts over the 29.5 minutes before the window: 10.17 expected per 60 s window.
    double expected = 300 / 29.5;
    assertThat(s.getScore()).isCloseTo(600 / expected, within(0.01));
    assertThat(s.getConfidence()).isEqualTo(Confidence.EXTREME);
    assertThat(s.getAggressor()).isEqualTo(Side.BID);
    assertThat(s.getDirection()).isEqualTo(Direction.BULLISH);
    // 600 contracts x ~0.55 delta x $20 is beyond 5,000.
    assertThat(s.getPriority()).isEqualTo(Priority.IMMEDIATE);
    assertThat(s.getContracts()).isEqualTo(600);
    assertThat(s.getPremiumUsd()).isCloseTo(600 * 150 * 20.0, within(0.01));
    assertThat(s.getSignalId())
        .isEqualTo(
            Ids.signalId(
                CALL_ID, trigger.tsEvent, trigger.sequence, "ifd_v1_volume_ratio", "baseline"));
    assertThat(s.getTsEvent()).isEqualTo(trigger.tsEvent);
    assertThat(s.getUnderlyingPrice()).isEqualTo(px(21_050));
    assertThat(s.getStrikePrice()).isEqualTo(px(21_000));
    assertThat(s.getReferencePrice()).isEqualTo(px(150));
    assertThat(s.getAttributes()).containsEntry("baseline_source", "session_to_date");
    assertThat(s.getRationale()).contains("NQH6 C21000", "600 contracts", "calls bought: BULLISH");
  }

  @Test
  void putsSoldAreBullishAndSmallDeltaIsNotImmediate() throws Exception {
    underlying(21_050, T0);
    quietHalfHour(PUT, T0);
    trade(PUT, T0 + 30 * MINUTE + 30 * SECOND, Side.ASK, 150, 150);

    FlowSignal s = h.extractOutputValues().get(0);
    // 150 / 10.17 = 14.7x
    assertThat(s.getConfidence()).isEqualTo(Confidence.HIGH);
    assertThat(s.getAggressor()).isEqualTo(Side.ASK);
    assertThat(s.getDirection()).isEqualTo(Direction.BULLISH);
    assertThat(s.getPriority()).isEqualTo(Priority.NORMAL);
    double signedDelta = Double.parseDouble(s.getAttributes().get("signed_delta"));
    // Selling puts adds long delta: -1 x 150 x (about -0.45) x 20 = about +1,350.
    assertThat(signedDelta).isBetween(500.0, 2_500.0);
  }

  @Test
  void staysQuietBelowMinimumPremium() throws Exception {
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    // 600 contracts at 5 points x $20 = $60k
    trade(CALL, T0 + 30 * MINUTE + 30 * SECOND, Side.BID, 5, 600);
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void staysQuietWhenStrikeIsMoreThanTwoPercentFromUnderlying() throws Exception {
    underlying(21_500, T0); // 21000 is 2.3% below
    quietHalfHour(CALL, T0);
    trade(CALL, T0 + 30 * MINUTE + 30 * SECOND, Side.BID, 150, 600);
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void staysQuietWithoutAnUnderlyingPrice() throws Exception {
    quietHalfHour(CALL, T0);
    trade(CALL, T0 + 30 * MINUTE + 30 * SECOND, Side.BID, 150, 600);
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void escalatesWithinCooldownButNeverRepeatsAConfidence() throws Exception {
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    long t = T0 + 30 * MINUTE + 30 * SECOND;
    // Cumulative window contracts 50, 100, ..., 600 against ~10.2 expected.
    for (int i = 0; i < 12; i++) {
      trade(CALL, t + i * SECOND, Side.BID, 150, 50);
    }
    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getConfidence)
        .containsExactly(
            Confidence.MODERATE, Confidence.HIGH, Confidence.VERY_HIGH, Confidence.EXTREME);
  }

  @Test
  void aSpikeWithoutADominantSideHasNoDirectionAndNoSignal() throws Exception {
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    long t = T0 + 30 * MINUTE + 30 * SECOND;
    // 240 contracts in the window (23x), but sellers and buyers alternate: at most 67% one side.
    for (int i = 0; i < 12; i++) {
      trade(CALL, t + i * SECOND, i % 2 == 0 ? Side.ASK : Side.BID, 150, 20);
    }
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void noRepeatWhileTheWindowStillHoldsTheSignalledFlow() throws Exception {
    h =
        harness(
            ONE_PRINT.toBuilder()
                .alignToWatermark(false)
                .window(java.time.Duration.ofMinutes(5))
                .cooldown(java.time.Duration.ofMinutes(1))
                .build());
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    long t = T0 + 30 * MINUTE + 30 * SECOND;
    trade(CALL, t, Side.BID, 150, 600);
    // Past the 1 minute cooldown, but the 5 minute window still holds the 600 contracts.
    trade(CALL, t + 2 * MINUTE, Side.BID, 150, 10);
    assertThat(h.extractOutputValues()).hasSize(1);
    trade(CALL, t + 6 * MINUTE, Side.BID, 150, 2_000);
    assertThat(h.extractOutputValues()).hasSize(2);
  }

  @Test
  void cooldownSuppressesRepeatsUntilItEnds() throws Exception {
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    long t = T0 + 30 * MINUTE + 30 * SECOND;
    trade(CALL, t, Side.BID, 150, 600);
    trade(CALL, t + 2 * MINUTE, Side.BID, 150, 600); // inside the 5 minute cooldown
    assertThat(h.extractOutputValues()).hasSize(1);
    trade(CALL, t + 6 * MINUTE, Side.BID, 150, 2_000);
    assertThat(h.extractOutputValues()).hasSize(2);
  }

  @Test
  void usesTheSessionHistoryOnceEnoughSessionsExist() throws Exception {
    underlying(21_050, T0 - 3 * DAY);
    // Three earlier sessions with 900 contracts in the 09:00-09:30 bucket: 30 per minute.
    for (int d = 3; d >= 1; d--) {
      for (int k = 0; k < 30; k++) {
        trade(CALL, T0 - d * DAY + k * MINUTE, Side.BID, 150, 30);
      }
    }
    assertThat(h.extractOutputValues()).isEmpty();
    trade(CALL, T0 + 10 * MINUTE, Side.BID, 150, 600);

    FlowSignal s = h.extractOutputValues().get(0);
    assertThat(s.getAttributes())
        .containsEntry("baseline_source", "history")
        .containsEntry("baseline_sessions", "3");
    assertThat(s.getScore()).isCloseTo(600 / 30.0, within(1e-9));
    assertThat(s.getConfidence()).isEqualTo(Confidence.HIGH);
  }

  @Test
  void ignoresBookEventsForVolume() throws Exception {
    underlying(21_050, T0);
    OptionEvent add = Fixtures.optionTrade(CALL, T0, 1, Side.BID, 150, 10_000);
    add.kind = EventKind.ADD;
    h.processElement(add, T0 / 1_000_000);
    OptionEvent fill = Fixtures.optionTrade(CALL, T0, 2, Side.BID, 150, 10_000);
    fill.kind = EventKind.FILL;
    h.processElement(fill, T0 / 1_000_000);
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void alignedModeWaitsForTheWatermarkAndUsesThePriceAsOfTheTrade() throws Exception {
    h = harness(ONE_PRINT);
    quietHalfHour(CALL, T0);
    long t = T0 + 30 * MINUTE + 30 * SECOND;
    trade(CALL, t, Side.BID, 150, 600);
    // The underlying's input runs behind: its prices arrive after the option trade.
    underlying(21_040, T0);
    underlying(25_000, t + SECOND); // after the trade: must not be used for it
    assertThat(h.extractOutputValues()).isEmpty();

    h.watermark(t / 1_000_000);

    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getUnderlyingPrice()).isEqualTo(px(21_040));
              assertThat(s.getConfidence()).isEqualTo(Confidence.EXTREME);
            });
  }

  @Test
  void stateIsRemovedAfterTheInstrumentExpires() throws Exception {
    FlowDetectionSettings s =
        ONE_PRINT.toBuilder().retentionAfterExpiry(Duration.ofMinutes(30)).build();
    var expiring = harness(s);
    Instrument call = Fixtures.call(CALL_ID, 21_000);
    call.setExpiration(T0 + 60 * MINUTE);
    for (int k = 0; k < 40; k++) {
      OptionEvent e = Fixtures.optionTrade(call, T0 + k * MINUTE, k, Side.BID, 150, 10);
      expiring.processElement(e, e.tsEvent / 1_000_000);
    }
    expiring.watermark((T0 + 45 * MINUTE) / 1_000_000);
    assertThat(Fixtures.keyedEntries(expiring)).isPositive();

    expiring.watermark((T0 + 89 * MINUTE) / 1_000_000);
    assertThat(Fixtures.keyedEntries(expiring)).as("still inside the retention").isPositive();

    expiring.watermark((T0 + 91 * MINUTE) / 1_000_000);
    assertThat(Fixtures.keyedEntries(expiring)).isZero();
    assertThat(expiring.numEventTimeTimers()).isZero();
  }

  @Test
  void byDefaultASpikeMadeByOnePrintIsLeftToThePrintPatterns() throws Exception {
    h = harness(Fixtures.settings().toBuilder().alignToWatermark(false).build());
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    // 600 contracts in one print: 95% of the window.
    trade(CALL, T0 + 30 * MINUTE + 30 * SECOND, Side.BID, 150, 600);
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void byDefaultTheSameSpikeInClipsIsSignalled() throws Exception {
    h = harness(Fixtures.settings().toBuilder().alignToWatermark(false).build());
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    // Six clips of 100 ($300k each): none holds half of the window when the spike is made.
    for (int k = 0; k < 6; k++) {
      trade(CALL, T0 + 30 * MINUTE + (30 + k) * SECOND, Side.BID, 150, 100);
    }
    assertThat(h.extractOutputValues())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.getDirection()).isEqualTo(Direction.BULLISH));
  }

  @Test
  void byDefaultManySmallTradesAreRetailNotASpike() throws Exception {
    h = harness(Fixtures.settings().toBuilder().alignToWatermark(false).build());
    underlying(21_050, T0);
    quietHalfHour(CALL, T0);
    // 300 one-lot buys of $3,000 each: $900k, 30x the baseline, every trigger under $10k.
    for (int k = 0; k < 300; k++) {
      trade(CALL, T0 + 30 * MINUTE + k * 100_000_000L, Side.BID, 150, 1);
    }
    assertThat(h.extractOutputValues()).isEmpty();
  }
}
