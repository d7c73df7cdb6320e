package io.nqflow.flow.routing;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.FUTURE_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static io.nqflow.flow.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.nqflow.common.v1.Side;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventRouterTest {
  private RouterHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = harness(Fixtures.settings().toBuilder().maxPendingEvents(3).build());
  }

  static RouterHarness harness(FlowDetectionSettings s) throws Exception {
    return new RouterHarness(s);
  }

  private void event(MarketEvent e) throws Exception {
    h.processElement(e, e.getTsEvent() / 1_000_000);
  }

  private <X> List<X> side(org.apache.flink.util.OutputTag<X> tag) {
    var q = h.getSideOutput(tag);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void joinsOptionTradesWithTheirDefinition() throws Exception {
    h.define(Fixtures.call(CALL_ID, 21_000));
    event(Fixtures.trade(CALL_ID, T0, 7, Side.BID, 150.25, 12));

    OptionEvent o = h.extractOutputValues().get(0);
    assertThat(o.kind).isEqualTo(EventKind.TRADE);
    assertThat(o.rawSymbol).isEqualTo("NQH6 C21000");
    assertThat(o.underlying).isEqualTo("NQH6");
    assertThat(o.strike).isEqualTo(px(21_000));
    assertThat(o.multiplier).isEqualTo(px(20));
    assertThat(o.price).isEqualTo(px(150.25));
    assertThat(o.size).isEqualTo(12);
    assertThat(o.side).isEqualTo(Side.BID);
    assertThat(o.sequence).isEqualTo(7);
    assertThat(o.premiumUsd()).isEqualTo(150.25 * 12 * 20);
  }

  @Test
  void countsMboTradeRecordsOnceAndFillsAsFills() throws Exception {
    h.define(Fixtures.call(CALL_ID, 21_000));
    event(Fixtures.mbo(CALL_ID, T0, 1, Action.TRADE, Side.ASK, 150, 5));
    event(Fixtures.mbo(CALL_ID, T0, 1, Action.FILL, Side.BID, 150, 5));
    // The same trade as a trade record: trades of this instrument come from MBO, so not again.
    event(Fixtures.trade(CALL_ID, T0, 1, Side.ASK, 150, 5));

    assertThat(h.extractOutputValues())
        .extracting(o -> o.kind)
        .containsExactly(EventKind.TRADE, EventKind.FILL);
  }

  @Test
  void sendsFutureTradesAsUnderlyingPrices() throws Exception {
    h.define(Fixtures.future());
    event(Fixtures.trade(FUTURE_ID, T0, 1, Side.BID, 21_050.25, 1));

    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(FlowTags.UNDERLYING_PRICES))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.symbol).isEqualTo("NQH6");
              assertThat(p.price).isEqualTo(px(21_050.25));
              assertThat(p.tsEvent).isEqualTo(T0);
            });
  }

  @Test
  void holdsEventsAndTheWatermarkUntilTheDefinitionArrives() throws Exception {
    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5));
    event(Fixtures.trade(CALL_ID, T0 + SECOND, 2, Side.BID, 151, 6));
    h.watermark((T0 + 2 * SECOND) / 1_000_000);
    assertThat(h.extractOutputValues()).isEmpty();
    long held = T0 / 1_000_000 - 1;
    assertThat(h.watermarks()).as("held before the oldest waiting event").containsExactly(held);

    h.define(Fixtures.call(CALL_ID, 21_000));

    assertThat(h.extractOutputStreamRecords())
        .extracting(r -> r.getValue().sequence, r -> r.getTimestamp())
        .containsExactly(tuple(1L, T0 / 1_000_000), tuple(2L, (T0 + SECOND) / 1_000_000));
    assertThat(h.watermarks()).containsExactly(held, (T0 + 2 * SECOND) / 1_000_000);
    assertThat(side(DeadLetters.TAG)).isEmpty();
    assertThat(h.holding()).isZero();
  }

  @Test
  void deadLettersEventsOfAnInstrumentNeverDefinedAfterTheWallClockTimeout() throws Exception {
    MarketEvent e = Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5);
    h.setProcessingTime(1_000);
    event(e);
    h.watermark((T0 + 60 * MINUTE) / 1_000_000);
    h.setProcessingTime(1_000 + 9_999);
    assertThat(side(DeadLetters.TAG)).as("an hour of event time is no reason to give up").isEmpty();
    assertThat(h.watermarks()).containsExactly(T0 / 1_000_000 - 1);

    h.setProcessingTime(1_000 + 10_000);

    assertThat(h.extractOutputValues()).isEmpty();
    DeadLetter dl = side(DeadLetters.TAG).get(0);
    assertThat(dl.getReason()).contains("no definition of instrument " + CALL_ID, "wall clock");
    assertThat(Topics.MARKET_EVENTS.deserializeValue(dl.getRaw().array())).isEqualTo(e);
    assertThat(dl.getSource()).isEqualTo("md.events");
    assertThat(h.watermarks())
        .as("released")
        .containsExactly(T0 / 1_000_000 - 1, (T0 + 60 * MINUTE) / 1_000_000);
  }

  @Test
  void atTheEndOfBothInputsWaitingEventsAreDeadLetteredAndTimeEnds() throws Exception {
    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5));
    h.watermark(Long.MAX_VALUE);
    h.endInput1();
    assertThat(h.watermarks()).containsExactly(T0 / 1_000_000 - 1);
    h.endInput2();

    assertThat(side(DeadLetters.TAG))
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains("by the end of the input"));
    assertThat(h.watermarks()).containsExactly(T0 / 1_000_000 - 1, Long.MAX_VALUE);
  }

  @Test
  void aRestoredRouterStillHoldsTheWatermarkForWaitingEvents() throws Exception {
    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5));
    var snapshot = h.snapshot(1, 1);
    h.close();

    RouterHarness restored = new RouterHarness(Fixtures.settings(), snapshot);
    assertThat(restored.holding()).isEqualTo(1);
    restored.watermark((T0 + MINUTE) / 1_000_000);
    assertThat(restored.watermarks()).containsExactly(T0 / 1_000_000 - 1);
    restored.define(Fixtures.call(CALL_ID, 21_000));
    assertThat(restored.extractOutputValues()).extracting(o -> o.sequence).containsExactly(1L);
    assertThat(restored.watermarks())
        .containsExactly(T0 / 1_000_000 - 1, (T0 + MINUTE) / 1_000_000);
  }

  @Test
  void deadLettersAtOnceBeyondThePendingLimit() throws Exception {
    for (int i = 1; i <= 5; i++) {
      event(Fixtures.trade(CALL_ID, T0 + i, i, Side.BID, 150, 5));
    }
    assertThat(side(DeadLetters.TAG)).hasSize(2);
    h.define(Fixtures.call(CALL_ID, 21_000));
    h.watermark(T0 / 1_000_000 + 1);
    assertThat(h.extractOutputValues()).hasSize(3);
  }

  @Test
  void sendsLateEventsToTheirSideOutput() throws Exception {
    h.define(Fixtures.call(CALL_ID, 21_000));
    h.watermark(T0 / 1_000_000);
    MarketEvent late = Fixtures.trade(CALL_ID, T0 - SECOND, 1, Side.BID, 150, 5);
    event(late);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(FlowTags.LATE_EVENTS)).containsExactly(late);
  }

  @Test
  void deadLettersImpossibleTrades() throws Exception {
    h.define(Fixtures.call(CALL_ID, 21_000));
    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 0));
    event(Fixtures.trade(CALL_ID, T0, 2, Side.BID, -1, 3));
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(DeadLetters.TAG))
        .extracting(DeadLetter::getReason)
        .allMatch(r -> r.startsWith("impossible trade of instrument " + CALL_ID))
        .hasSize(2);
  }

  @Test
  void deadLettersOptionDefinitionsWithoutStrike() throws Exception {
    Instrument broken = Fixtures.call(CALL_ID, 21_000);
    broken.setStrikePrice(null);
    h.define(broken);
    assertThat(side(DeadLetters.TAG))
        .singleElement()
        .satisfies(dl -> assertThat(dl.getReason()).contains("no positive strike_price"));
  }

  @Test
  void ignoresQuotesOfKnownInstruments() throws Exception {
    h.define(Fixtures.call(CALL_ID, 21_000));
    event(Fixtures.quote(CALL_ID, T0, 1));
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(DeadLetters.TAG)).isEmpty();
  }

  @Test
  void definitionsNeverMoveEventTimeEvenWhileMarketDataIsIdle() throws Exception {
    h.define(Fixtures.call(CALL_ID, 21_000));
    // The definitions input reports the end of time and goes idle; market data is idle too.
    h.processWatermark2(new Watermark(Long.MAX_VALUE));
    h.processWatermarkStatus2(WatermarkStatus.IDLE);
    h.processWatermarkStatus1(WatermarkStatus.IDLE);
    h.processWatermarkStatus1(WatermarkStatus.ACTIVE);
    assertThat(h.getOutput()).noneMatch(o -> o instanceof Watermark);

    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5));
    h.watermark(T0 / 1_000_000);

    assertThat(side(FlowTags.LATE_EVENTS)).isEmpty();
    assertThat(h.extractOutputValues()).extracting(o -> o.sequence).containsExactly(1L);
    assertThat(h.getOutput())
        .filteredOn(o -> o instanceof Watermark)
        .containsExactly(new Watermark(T0 / 1_000_000));
  }

  @Test
  void eventTimeFollowsMarketDataAloneFromTheStart() throws Exception {
    // No watermark or status ever arrives on the definitions input: market data still drives time.
    h.watermark(T0 / 1_000_000);
    assertThat(h.getOutput()).containsExactly(new Watermark(T0 / 1_000_000));
  }

  @Test
  void aDayOfTradeRecordsDoesNotHideTheNextDaysMboTrades() throws Exception {
    long day = 24 * 60 * MINUTE;
    h.define(Fixtures.call(CALL_ID, 21_000));
    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5));
    event(Fixtures.mbo(CALL_ID, T0 + day, 2, Action.TRADE, Side.ASK, 150, 7));
    event(Fixtures.trade(CALL_ID, T0 + day, 2, Side.ASK, 150, 7));

    assertThat(h.extractOutputValues())
        .extracting(o -> o.kind, o -> o.size)
        .containsExactly(tuple(EventKind.TRADE, 5L), tuple(EventKind.TRADE, 7L));
  }

  @Test
  void theWallClockDeadlineOfWaitingEventsDoesNotExpireInstruments() throws Exception {
    Instrument future = Fixtures.future();
    future.setExpiration(T0 + 60 * MINUTE);
    long wallClock = (T0 + 2 * 24 * 60 * MINUTE) / 1_000_000;
    h.setProcessingTime(wallClock);
    // A trade waits for its definition, which comes; the wait's wall-clock deadline stays
    // registered and fires long after the instrument's expiry in event time (a replayed past).
    event(Fixtures.trade(FUTURE_ID, T0, 1, Side.BID, 21_050, 1));
    h.define(future);
    h.setProcessingTime(wallClock + 10_000);
    event(Fixtures.trade(FUTURE_ID, T0 + SECOND, 2, Side.BID, 21_050, 1));

    assertThat(side(FlowTags.UNDERLYING_PRICES)).hasSize(2);
    assertThat(side(DeadLetters.TAG)).isEmpty();
  }

  @Test
  void stateIsRemovedAfterTheInstrumentExpires() throws Exception {
    var expiring = harness(Fixtures.settings());
    Instrument call = Fixtures.call(CALL_ID, 21_000);
    call.setExpiration(T0 + 60 * MINUTE);
    expiring.define(call);
    var e = Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5);
    expiring.processElement(e, T0 / 1_000_000);
    assertThat(Fixtures.keyedEntries(expiring)).isPositive();

    expiring.watermark((T0 + 121 * MINUTE) / 1_000_000);
    assertThat(Fixtures.keyedEntries(expiring))
        .as("only the definition is kept a day longer")
        .isEqualTo(1);

    expiring.watermark((T0 + 121 * MINUTE + 24 * 60 * MINUTE) / 1_000_000);
    assertThat(Fixtures.keyedEntries(expiring)).isZero();
    assertThat(expiring.numEventTimeTimers()).isZero();
  }
}
