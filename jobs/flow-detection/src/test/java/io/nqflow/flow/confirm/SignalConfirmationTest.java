package io.nqflow.flow.confirm;

import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static io.nqflow.flow.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The confirmation stage with hand-built signals and prints: hedged triggers and spread legs are
 * dropped, everything else passes once the hold is over, and no state is left after it.
 */
class SignalConfirmationTest {
  private static final long MS = 1_000_000L;
  private static final Instrument CALL = Fixtures.call(Fixtures.CALL_ID, 21_000);
  private static final Instrument CALL_UP = Fixtures.call(Fixtures.FAR_CALL_ID, 21_050);
  private static final long NEXT_WEEK = 7 * Fixtures.DAY;

  /** A buyer of 20 calls at 150 ($60k) with the future at 21,050: delta about 0.6. */
  private final OptionEvent trigger = Fixtures.optionTrade(CALL, T0, 10, Side.BID, 150, 20);

  private KeyedTwoInputStreamOperatorTestHarness<String, FlowSignal, OptionEvent, FlowSignal>
      harness(FlowDetectionSettings s) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new SignalConfirmation(s),
        FlowSignal::getUnderlying,
        SignalConfirmation::keyOf,
        Types.STRING);
  }

  private static FlowDetectionSettings settings() {
    return Fixtures.settings();
  }

  /** The signal a detector makes of {@code trigger}. */
  static FlowSignal signal(OptionEvent e, String id) {
    return FlowSignal.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm("cep_sweep")
        .setAlgorithmVersion("1")
        .setJobVersion("test")
        .setInstrumentId(e.instrumentId)
        .setRawSymbol(e.rawSymbol)
        .setUnderlying(e.underlying)
        .setUnderlyingPrice(px(21_050))
        .setStrikePrice(e.strike)
        .setInstrumentClass(e.instrumentClass)
        .setExpiration(e.expiration)
        .setAggressor(e.side)
        .setDirection(Direction.BULLISH)
        .setConfidence(Confidence.HIGH)
        .setPriority(Priority.NORMAL)
        .setScore(1)
        .setTsEvent(e.tsEvent)
        .setTriggerSequence(e.sequence)
        .setTsEmit(e.tsEvent)
        .setWindowStart(e.tsEvent)
        .setContracts(e.size)
        .setPremiumUsd(e.premiumUsd())
        .setReferencePrice(e.price)
        .setRationale("test")
        .setAttributes(Map.of())
        .build();
  }

  static OptionEvent future(long ts, Side aggressor, long size) {
    OptionEvent f = new OptionEvent();
    f.instrumentId = Fixtures.FUTURE_ID;
    f.rawSymbol = Fixtures.UNDERLYING;
    f.underlying = "";
    f.instrumentClass = InstrumentClass.FUTURE;
    f.multiplier = px(20);
    f.tsEvent = ts;
    f.tsRecv = ts;
    f.kind = EventKind.TRADE;
    f.side = aggressor;
    f.price = px(21_050);
    f.size = size;
    return f;
  }

  /** Feeds the trigger's print and its signal (the signal after the print, as in the job). */
  private static void trigger(
      KeyedTwoInputStreamOperatorTestHarness<String, FlowSignal, OptionEvent, FlowSignal> h,
      OptionEvent e)
      throws Exception {
    h.processElement2(e, e.tsEvent / MS);
    h.processElement1(signal(e, "sig-" + e.sequence), e.tsEvent / MS);
  }

  private static void print(
      KeyedTwoInputStreamOperatorTestHarness<String, FlowSignal, OptionEvent, FlowSignal> h,
      OptionEvent e)
      throws Exception {
    h.processElement2(e, e.tsEvent / MS);
  }

  @Test
  void rejectsAPrintHedgedInTheFuturesWithinMilliseconds() throws Exception {
    var h = harness(settings());
    trigger(h, trigger);
    // The market maker sells the delta: about 0.6 x 20 = 12 futures, 3 ms later.
    print(h, future(T0 + 3 * MS, Side.ASK, 12));
    h.processBothWatermarks(new Watermark((T0 + 4 * SECOND) / MS));

    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void passesAPrintHedgedBelowTheRatioOrInTheSameDirection() throws Exception {
    var h = harness(settings());
    trigger(h, trigger);
    // 4 futures sold offset about a third of the delta (ratio 0.5 needed) ...
    print(h, future(T0 + 2 * MS, Side.ASK, 4));
    // ... futures bought add to it, and a hedge 30 ms away is outside the 10 ms window.
    OptionEvent second = Fixtures.optionTrade(CALL, T0 + 10 * SECOND, 11, Side.BID, 150, 20);
    trigger(h, second);
    print(h, future(second.tsEvent + MS, Side.BID, 12));
    print(h, future(second.tsEvent + 30 * MS, Side.ASK, 12));
    h.processBothWatermarks(new Watermark((T0 + 20 * SECOND) / MS));

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("sig-10", "sig-11");
  }

  @Test
  void aFuturesLotOffsettingTheLastPrintOfALargerFlowIsNoHedge() throws Exception {
    var h = harness(settings());
    // An accumulation of 100 calls whose last trade is one lot, and one future sold 1 ms later
    // (more than that lot's delta, a hundredth of the flow's).
    OptionEvent last = Fixtures.optionTrade(CALL, T0, 10, Side.BID, 150, 1);
    h.processElement2(last, T0 / MS);
    FlowSignal accumulation =
        FlowSignal.newBuilder(signal(last, "acc"))
            .setAlgorithm("cep_accumulation")
            .setContracts(100)
            .build();
    h.processElement1(accumulation, T0 / MS);
    print(h, future(T0 + MS, Side.ASK, 1));
    h.processBothWatermarks(new Watermark((T0 + 4 * SECOND) / MS));

    assertThat(h.extractOutputValues()).extracting(FlowSignal::getSignalId).containsExactly("acc");
  }

  @Test
  void holdsASignalUntilEventTimePassesItsTriggerAndTheHold() throws Exception {
    var h = harness(settings());
    trigger(h, trigger);
    h.processBothWatermarks(new Watermark((T0 + 2_999 * MS) / MS));
    assertThat(h.extractOutputValues()).isEmpty();
    h.processBothWatermarks(new Watermark((T0 + 3_000 * MS) / MS));
    assertThat(h.extractOutputValues()).hasSize(1);
  }

  @Test
  void aSignalBehindTheWatermarkIsDecidedOnArrival() throws Exception {
    var h = harness(settings());
    h.processElement2(trigger, trigger.tsEvent / MS);
    // Event time runs a day ahead (the last event of a quiet tape) before the detector's signal
    // arrives: no later watermark will come to fire a timer at the trigger plus the hold.
    h.processBothWatermarks(new Watermark((T0 + Fixtures.DAY) / MS));
    h.processElement1(signal(trigger, "late"), trigger.tsEvent / MS);

    assertThat(h.extractOutputValues()).extracting(FlowSignal::getSignalId).containsExactly("late");
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aHedgedSignalBehindTheWatermarkIsStillRejected() throws Exception {
    var h = harness(settings());
    h.processElement2(trigger, trigger.tsEvent / MS);
    print(h, future(T0 + 3 * MS, Side.ASK, 12));
    // Past the hedge window (10 ms), not yet past the futures print's cleanup (3 ms + twice the
    // window, rounded up to 30 ms): the hedge check runs on arrival and finds the hedge.
    h.processBothWatermarks(new Watermark((T0 + 20 * MS) / MS));
    h.processElement1(signal(trigger, "late"), trigger.tsEvent / MS);

    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void rejectsOneLegOfASpreadTradedSecondsApart() throws Exception {
    var h = harness(settings());
    trigger(h, trigger);
    // Leg 2: 20 calls 50 points up sold 1.5 s later (a call vertical, $50k+).
    print(h, Fixtures.optionTrade(CALL_UP, T0 + 1_500 * MS, 12, Side.ASK, 130, 20));
    // The second leg's own signal finds the first leg before it.
    OptionEvent leg2 = Fixtures.optionTrade(CALL_UP, T0 + 1_500 * MS, 12, Side.ASK, 130, 20);
    h.processElement1(signal(leg2, "sig-leg2"), leg2.tsEvent / MS);
    h.processBothWatermarks(new Watermark((T0 + 10 * SECOND) / MS));

    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void passesASameSideSecondLegADifferentExpiryOrAnotherSize() throws Exception {
    var h = harness(settings());
    trigger(h, trigger);
    // Same side at the next strike: a ladder, not a spread.
    print(h, Fixtures.optionTrade(CALL_UP, T0 + SECOND, 12, Side.BID, 130, 20));
    // Opposite side, but another expiration.
    OptionEvent otherExpiry = Fixtures.optionTrade(CALL_UP, T0 + SECOND, 13, Side.ASK, 130, 20);
    otherExpiry.expiration += NEXT_WEEK;
    otherExpiry.instrumentId = 999;
    print(h, otherExpiry);
    // Opposite side and expiry, but 30 contracts against 20 (outside +-20%).
    print(h, Fixtures.optionTrade(CALL_UP, T0 + 2 * SECOND, 14, Side.ASK, 130, 30));
    // Opposite side, right size, but 3.5 s away.
    print(h, Fixtures.optionTrade(CALL_UP, T0 + 3_500 * MS, 15, Side.ASK, 130, 20));
    h.processBothWatermarks(new Watermark((T0 + 10 * SECOND) / MS));

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("sig-10");
  }

  @Test
  void leavesNoStateOnceTheWindowsHavePassed() throws Exception {
    var h = harness(settings());
    trigger(h, trigger);
    print(h, future(T0 + 3 * MS, Side.ASK, 2));
    print(h, Fixtures.optionTrade(CALL_UP, T0 + SECOND, 12, Side.BID, 130, 20));
    assertThat(h.numKeyedStateEntries()).isPositive();
    h.processBothWatermarks(new Watermark((T0 + 7 * SECOND) / MS));

    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void withTheLegCheckOffOnlyTheHedgeWindowIsWaitedFor() throws Exception {
    FlowDetectionSettings s =
        settings().toBuilder()
            .confirmation(
                settings().confirmation().withWindows(Duration.ofMillis(10), Duration.ZERO))
            .build();
    var h = harness(s);
    trigger(h, trigger);
    print(h, Fixtures.optionTrade(CALL_UP, T0 + 5 * MS, 12, Side.ASK, 130, 20));
    h.processBothWatermarks(new Watermark((T0 + 10 * MS) / MS));

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("sig-10");
  }

  @Test
  void lookingBackOnlyTheSecondLegIsDroppedAndTheFirstWaitsTheHedgeWindowAlone() throws Exception {
    FlowDetectionSettings s =
        settings().toBuilder()
            .confirmation(settings().confirmation().withLegLookAhead(false))
            .build();
    assertThat(s.confirmation().hold()).isEqualTo(Duration.ofMillis(10));
    var h = harness(s);
    trigger(h, trigger);
    OptionEvent leg2 = Fixtures.optionTrade(CALL_UP, T0 + 1_500 * MS, 12, Side.ASK, 130, 20);
    h.processBothWatermarks(new Watermark((T0 + 10 * MS) / MS));
    assertThat(h.extractOutputValues())
        .as("the first leg goes on after the hedge window")
        .extracting(FlowSignal::getSignalId)
        .containsExactly("sig-10");
    trigger(h, leg2);
    h.processBothWatermarks(new Watermark((T0 + 10 * SECOND) / MS));

    assertThat(h.extractOutputValues())
        .as("the second leg finds the first")
        .extracting(FlowSignal::getSignalId)
        .containsExactly("sig-10");
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void onArrivalTheHoldIsWallTime() throws Exception {
    var h = harness(settings().toBuilder().alignToWatermark(false).build());
    h.setProcessingTime(1_000);
    trigger(h, trigger);
    print(h, future(T0 + 3 * MS, Side.ASK, 12));
    OptionEvent second = Fixtures.optionTrade(CALL, T0 + 20 * SECOND, 11, Side.BID, 150, 20);
    trigger(h, second);
    h.setProcessingTime(1_000 + 2_999);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(1_000 + 3_000);

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("sig-11");
    h.setProcessingTime(1_000 + 60_000);
    h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  /** {@code e}'s signal as {@code algorithm} would make it, aggressor {@code side}. */
  private static FlowSignal signalOf(OptionEvent e, String algorithm, Side side, String id) {
    return FlowSignal.newBuilder(signal(e, id)).setAlgorithm(algorithm).setAggressor(side).build();
  }

  /**
   * A trade of 11 calls at {@code ts} by {@code aggressor} and then the signal {@code algorithm}
   * makes of it, its aggressor field {@code side} (an iceberg's is the resting side).
   */
  private static void detected(
      KeyedTwoInputStreamOperatorTestHarness<String, FlowSignal, OptionEvent, FlowSignal> h,
      long ts,
      Side aggressor,
      String algorithm,
      Side side,
      String id)
      throws Exception {
    OptionEvent e = Fixtures.optionTrade(CALL, ts, ts / SECOND, aggressor, 150, 11);
    h.processElement2(e, ts / MS);
    h.processElement1(signalOf(e, algorithm, side, id), ts / MS);
  }

  @Test
  void dropsAggressorFlowThatAnIcebergOfTheOtherSideAbsorbed() throws Exception {
    var h = harness(settings());
    // Sellers hit a resting bid that keeps refilling: the iceberg pattern reports the buyer at
    // T0; IFD v1 and the accumulation see the sellers (aggressor ASK) 40 s and 2 minutes later.
    detected(h, T0, Side.ASK, "cep_iceberg", Side.BID, "iceberg");
    detected(h, T0 + 40 * SECOND, Side.ASK, "ifd_v1_volume_ratio", Side.ASK, "v1");
    detected(h, T0 + 120 * SECOND, Side.ASK, "cep_accumulation", Side.ASK, "acc");
    // Buyers on the same option (the iceberg's side) and a block of the sellers pass.
    detected(h, T0 + 130 * SECOND, Side.BID, "cep_accumulation", Side.BID, "acc-buy");
    detected(h, T0 + 140 * SECOND, Side.ASK, "cep_block", Side.ASK, "block");
    // Six minutes after the iceberg's signal the window (5 minutes) has passed.
    detected(h, T0 + 360 * SECOND, Side.ASK, "ifd_v1_volume_ratio", Side.ASK, "v1-late");
    h.processBothWatermarks(new Watermark((T0 + 400 * SECOND) / MS));

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("iceberg", "acc-buy", "block", "v1-late");
    h.processBothWatermarks(new Watermark((T0 + 3_600 * SECOND) / MS));
    assertThat(h.numKeyedStateEntries()).as("marks and prints dropped").isZero();
  }

  @Test
  void anIcebergWithinTheHoldAfterTheSignalAlsoCounts() throws Exception {
    var h = harness(settings());
    detected(h, T0, Side.ASK, "ifd_v1_volume_ratio", Side.ASK, "v1");
    detected(h, T0 + 2 * SECOND, Side.ASK, "cep_iceberg", Side.BID, "iceberg");
    h.processBothWatermarks(new Watermark((T0 + 10 * SECOND) / MS));

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("iceberg");
  }

  @Test
  void theAbsorptionCheckIsOffAtZero() throws Exception {
    FlowDetectionSettings s = settings();
    var off =
        s.toBuilder()
            .confirmation(
                new io.nqflow.flow.ConfirmationSettings(
                    true,
                    s.confirmation().hedgeWindow(),
                    s.confirmation().hedgeMinRatio(),
                    s.confirmation().legWindow(),
                    true,
                    s.confirmation().legSizeTolerance(),
                    s.confirmation().legMinPremiumUsd(),
                    s.confirmation().maxPrints(),
                    Duration.ZERO))
            .build();
    var h = harness(off);
    detected(h, T0, Side.ASK, "cep_iceberg", Side.BID, "iceberg");
    detected(h, T0 + 40 * SECOND, Side.ASK, "ifd_v1_volume_ratio", Side.ASK, "v1");
    h.processBothWatermarks(new Watermark((T0 + 60 * SECOND) / MS));

    assertThat(h.extractOutputValues())
        .extracting(FlowSignal::getSignalId)
        .containsExactly("iceberg", "v1");
  }
}
