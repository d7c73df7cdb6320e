package io.nqflow.risk.micro;

import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.GateInput;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The MNQ options' books rebuilt from md.instruments and md.events, as the gate sees them. */
class MicroQuotesTest {
  private static final long MICRO = 901;
  private static final long NQ = 902;

  private static KeyedOneInputStreamOperatorTestHarness<Long, MicroInput, GateInput> op()
      throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MicroQuotes("acct")),
            MicroInput::instrumentId,
            Types.LONG);
    h.open();
    return h;
  }

  private static Instrument definition(long id, String symbol, String underlying) {
    return Instrument.newBuilder()
        .setInstrumentId(id)
        .setPublisherId(1)
        .setSource("test")
        .setTsEvent(TUESDAY_10_CT)
        .setTsRecv(TUESDAY_10_CT)
        .setRawSymbol(symbol)
        .setAsset(symbol.substring(0, 3))
        .setSecurityType("OOF")
        .setInstrumentClass(InstrumentClass.CALL)
        .setStrikePrice(px(21500))
        .setExpiration(TUESDAY_10_CT + Fixtures.DAY)
        .setUnderlying(underlying)
        .setCurrency("USD")
        .setUnitOfMeasureQty(2_000_000_000L)
        .setMinPriceIncrement(50_000_000L)
        .setDisplayFactor(1_000_000_000L)
        .setTickBands(List.of())
        .build();
  }

  private static MarketEvent mbo(
      long id, Action a, Side side, long order, double price, long size) {
    return event(
        id,
        Mbo.newBuilder()
            .setOrderId(order)
            .setAction(a)
            .setSide(side)
            .setPrice(px(price))
            .setSize(size)
            .setChannelId(0)
            .build());
  }

  private static MarketEvent event(long id, Object payload) {
    return MarketEvent.newBuilder()
        .setSource("test")
        .setInstrumentId(id)
        .setPublisherId(1)
        .setTsEvent(TUESDAY_10_CT + 1)
        .setTsRecv(TUESDAY_10_CT + 1)
        .setSequence(1)
        .setFlags(0)
        .setPayload(payload)
        .build();
  }

  private static List<MicroQuote> quotes(
      KeyedOneInputStreamOperatorTestHarness<Long, MicroInput, GateInput> h) {
    return h.getOutput().stream()
        .filter(o -> o instanceof StreamRecord<?>)
        .map(o -> ((GateInput) ((StreamRecord<?>) o).getValue()).micro)
        .toList();
  }

  @Test
  void theInputsAndQuotesAreFlinkPojos() {
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(MicroQuote.class);
    PojoTestUtils.assertSerializedAsPojoWithoutKryo(MicroInput.class);
  }

  @Test
  void keepsTheBestBidAndAskOfAnMnqOptionThroughAddsCancelsModifiesAndTrades() throws Exception {
    var h = op();
    // an order resting before the definition arrives is kept
    h.processElement(MicroInput.of(mbo(MICRO, Action.ADD, Side.BID, 1, 10.00, 5)), 0);
    h.processElement(MicroInput.of(definition(MICRO, "MQ2F6 C21500", "MNQH6")), 0);
    h.processElement(MicroInput.of(mbo(MICRO, Action.ADD, Side.ASK, 2, 11.00, 5)), 0);
    h.processElement(MicroInput.of(mbo(MICRO, Action.ADD, Side.ASK, 3, 10.50, 2)), 0);
    // a partial cancel leaves the best ask; the full one removes it
    h.processElement(MicroInput.of(mbo(MICRO, Action.CANCEL, Side.ASK, 3, 10.50, 1)), 0);
    h.processElement(MicroInput.of(mbo(MICRO, Action.CANCEL, Side.ASK, 3, 10.50, 1)), 0);
    // the bid moves up
    h.processElement(MicroInput.of(mbo(MICRO, Action.MODIFY, Side.BID, 1, 10.25, 5)), 0);
    h.processElement(MicroInput.of(Fixtures.trade(MICRO, 10.75, TUESDAY_10_CT + 2)), 0);

    List<MicroQuote> q = quotes(h);
    // definition (bid 10.00, no ask), ask 11.00, ask 10.50, (partial cancel: no change), ask 11.00,
    // bid 10.25, last 10.75
    assertThat(q)
        .extracting(m -> m.bid)
        .containsExactly(px(10.00), px(10.00), px(10.00), px(10.00), px(10.25), px(10.25));
    assertThat(q)
        .extracting(m -> m.ask)
        .containsExactly(0L, px(11.00), px(10.50), px(11.00), px(11.00), px(11.00));
    MicroQuote last = q.get(q.size() - 1);
    assertThat(last.last).isEqualTo(px(10.75));
    assertThat(last.rawSymbol).isEqualTo("MQ2F6 C21500");
    assertThat(last.underlying).isEqualTo("MNQH6");
    assertThat(last.call).isTrue();
    assertThat(last.strike).isEqualTo(px(21500));
    assertThat(last.price(true)).isEqualTo(px(11.00));
    assertThat(last.price(false)).isEqualTo(px(10.25));
  }

  @Test
  void aQuoteReplacesTheBook() throws Exception {
    var h = op();
    h.processElement(MicroInput.of(definition(MICRO, "MQ2F6 C21500", "MNQH6")), 0);
    h.processElement(MicroInput.of(mbo(MICRO, Action.ADD, Side.ASK, 2, 11.00, 5)), 0);
    BookLevel top =
        BookLevel.newBuilder()
            .setBidPx(px(9.00))
            .setAskPx(px(9.50))
            .setBidSz(3)
            .setAskSz(4)
            .setBidCt(1)
            .setAskCt(1)
            .build();
    h.processElement(
        MicroInput.of(event(MICRO, Quote.newBuilder().setLevels(List.of(top)).build())), 0);
    MicroQuote last = quotes(h).get(quotes(h).size() - 1);
    assertThat(last.bid).isEqualTo(px(9.00));
    assertThat(last.ask).isEqualTo(px(9.50));
  }

  @Test
  void anNqOptionIsNotListedAndItsEventsAreIgnored() throws Exception {
    var h = op();
    h.processElement(MicroInput.of(mbo(NQ, Action.ADD, Side.ASK, 2, 11.00, 5)), 0);
    h.processElement(MicroInput.of(definition(NQ, "QN2F6 C21500", "NQH6")), 0);
    h.processElement(MicroInput.of(mbo(NQ, Action.ADD, Side.ASK, 3, 10.00, 5)), 0);
    h.processElement(MicroInput.of(Fixtures.trade(NQ, 10.75, TUESDAY_10_CT + 2)), 0);
    assertThat(quotes(h)).isEmpty();
  }
}
