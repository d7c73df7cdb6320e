package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.FUTURE_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;
import static io.nqflow.flow.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventRouterTest {
  private KeyedBroadcastOperatorTestHarness<Long, MarketEvent, Instrument, OptionEvent> h;

  @BeforeEach
  void setUp() throws Exception {
    h = harness(FlowDetectionSettings.defaults().toBuilder().maxPendingEvents(3).build());
  }

  static KeyedBroadcastOperatorTestHarness<Long, MarketEvent, Instrument, OptionEvent> harness(
      FlowDetectionSettings s) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new EventRouter(s), MarketEvent::getInstrumentId, Types.LONG, EventRouter.INSTRUMENTS);
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
    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
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
    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
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
    h.processBroadcastElement(Fixtures.future(), 0);
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
  void holdsEventsUntilTheDefinitionArrives() throws Exception {
    event(Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5));
    event(Fixtures.trade(CALL_ID, T0 + SECOND, 2, Side.BID, 151, 6));
    assertThat(h.extractOutputValues()).isEmpty();

    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
    h.watermark((T0 + 2 * SECOND) / 1_000_000);

    assertThat(h.extractOutputValues()).extracting(o -> o.sequence).containsExactly(1L, 2L);
    assertThat(side(DeadLetters.TAG)).isEmpty();
  }

  @Test
  void deadLettersEventsOfAnInstrumentNeverDefined() throws Exception {
    MarketEvent e = Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5);
    event(e);
    h.watermark((T0 + 6 * MINUTE) / 1_000_000);

    assertThat(h.extractOutputValues()).isEmpty();
    DeadLetter dl = side(DeadLetters.TAG).get(0);
    assertThat(dl.getReason()).contains("no definition of instrument " + CALL_ID);
    assertThat(Topics.MARKET_EVENTS.deserializeValue(dl.getRaw().array())).isEqualTo(e);
    assertThat(dl.getSource()).isEqualTo("md.events");
  }

  @Test
  void deadLettersAtOnceBeyondThePendingLimit() throws Exception {
    for (int i = 1; i <= 5; i++) {
      event(Fixtures.trade(CALL_ID, T0 + i, i, Side.BID, 150, 5));
    }
    assertThat(side(DeadLetters.TAG)).hasSize(2);
    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
    h.watermark(T0 / 1_000_000 + 1);
    assertThat(h.extractOutputValues()).hasSize(3);
  }

  @Test
  void sendsLateEventsToTheirSideOutput() throws Exception {
    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
    h.watermark(T0 / 1_000_000);
    MarketEvent late = Fixtures.trade(CALL_ID, T0 - SECOND, 1, Side.BID, 150, 5);
    event(late);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(FlowTags.LATE_EVENTS)).containsExactly(late);
  }

  @Test
  void deadLettersImpossibleTrades() throws Exception {
    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
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
    h.processBroadcastElement(broken, 0);
    assertThat(side(DeadLetters.TAG))
        .singleElement()
        .satisfies(dl -> assertThat(dl.getReason()).contains("no positive strike_price"));
  }

  @Test
  void ignoresQuotesOfKnownInstruments() throws Exception {
    h.processBroadcastElement(Fixtures.call(CALL_ID, 21_000), 0);
    event(Fixtures.quote(CALL_ID, T0, 1));
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(DeadLetters.TAG)).isEmpty();
  }
}
