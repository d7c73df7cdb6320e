package io.nqflow.chain;

import static io.nqflow.chain.ChainFixtures.EXPIRY;
import static io.nqflow.chain.ChainFixtures.FUTURE_ID;
import static io.nqflow.chain.ChainFixtures.SECOND;
import static io.nqflow.chain.ChainFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.jobs.common.ReferenceDataJoinOperator;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Statistic;
import io.nqflow.ops.v1.DeadLetter;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain router in the operator the job runs it in: what it passes on and what it refuses. */
class ChainRouterTest {
  static final long CALL = 203;
  static final long PUT = 204;

  private KeyedTwoInputStreamOperatorTestHarness<Long, MarketEvent, Instrument, ChainEvent> h;

  @BeforeEach
  void setUp() throws Exception {
    h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new ReferenceDataJoinOperator<>(new ChainRouter()),
            MarketEvent::getInstrumentId,
            Instrument::getInstrumentId,
            Types.LONG);
    h.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  private void event(MarketEvent e) throws Exception {
    h.processElement1(e, e.getTsEvent() / 1_000_000);
  }

  private void define(Instrument i) throws Exception {
    h.processElement2(i, 0);
  }

  private List<DeadLetter> deadLetters() {
    var q = h.getSideOutput(DeadLetters.TAG);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void definitionsGoOnKeyedByTheUnderlyingInPointsAndDollars() throws Exception {
    define(ChainFixtures.option(CALL, true, 21_000, EXPIRY));
    define(ChainFixtures.future());

    List<ChainEvent> out = h.extractOutputValues();
    assertThat(out).hasSize(2);
    ChainEvent call = out.get(0);
    assertThat(call.kind).isEqualTo(ChainEvent.Kind.DEFINITION);
    assertThat(call.underlying).isEqualTo("NQH6");
    assertThat(call.symbol).isEqualTo("NQH6 C21000");
    assertThat(call.strike).isEqualTo(21_000.0);
    assertThat(call.call).isTrue();
    assertThat(call.future).isFalse();
    assertThat(call.expirationNs).isEqualTo(EXPIRY);
    assertThat(call.multiplier).isEqualTo(20.0);
    ChainEvent future = out.get(1);
    assertThat(future.future).isTrue();
    assertThat(future.underlying).as("a future is its own chain's key").isEqualTo("NQH6");
  }

  @Test
  void tradesOpenInterestAndTopOfBookAreRouted() throws Exception {
    define(ChainFixtures.option(CALL, true, 21_000, EXPIRY));
    h.getOutput().clear();
    event(ChainFixtures.trade(CALL, T0, 1, Side.ASK, 150.25, 12));
    event(ChainFixtures.openInterest(CALL, T0 + 1, 2, 4_321));
    BookLevel top =
        BookLevel.newBuilder()
            .setBidPx(Prices.fromDouble(150))
            .setAskPx(null)
            .setBidSz(3)
            .setAskSz(0)
            .setBidCt(1)
            .setAskCt(0)
            .build();
    event(ChainFixtures.event(CALL, T0 + 2, 3, Quote.newBuilder().setLevels(List.of(top)).build()));
    // Settlement (type 3) is not read.
    event(
        ChainFixtures.event(
            CALL,
            T0 + 3,
            4,
            Statistic.newBuilder()
                .setStatType(3)
                .setPrice(Prices.fromDouble(149))
                .setQuantity(null)
                .setTsRef(T0)
                .setUpdateAction(1)
                .setStatFlags(0)
                .build()));

    List<ChainEvent> out = h.extractOutputValues();
    assertThat(out)
        .extracting(e -> e.kind)
        .containsExactly(
            ChainEvent.Kind.TRADE, ChainEvent.Kind.OPEN_INTEREST, ChainEvent.Kind.TOP_OF_BOOK);
    assertThat(out.get(0).price).isEqualTo(150.25);
    assertThat(out.get(0).size).isEqualTo(12);
    assertThat(out.get(0).aggressor).isEqualTo('A');
    assertThat(out.get(0).tsEvent).isEqualTo(T0);
    assertThat(out.get(0).underlying).isEqualTo("NQH6");
    assertThat(out.get(1).size).isEqualTo(4_321);
    assertThat(out.get(2).bid).isEqualTo(150.0);
    assertThat(out.get(2).ask).isNaN();
  }

  @Test
  void aTradeReportedByTheTradesAndTheMboStreamsCountsOnce() throws Exception {
    define(ChainFixtures.option(CALL, true, 21_000, EXPIRY));
    h.getOutput().clear();
    event(ChainFixtures.trade(CALL, T0, 1, Side.BID, 150, 2));
    event(
        ChainFixtures.event(
            CALL,
            T0,
            2,
            Mbo.newBuilder()
                .setOrderId(9)
                .setAction(Action.TRADE)
                .setSide(Side.BID)
                .setPrice(Prices.fromDouble(150))
                .setSize(2)
                .setChannelId(1)
                .build()));
    event(
        ChainFixtures.event(
            CALL,
            T0 + SECOND,
            3,
            Mbo.newBuilder()
                .setOrderId(10)
                .setAction(Action.ADD)
                .setSide(Side.ASK)
                .setPrice(Prices.fromDouble(151))
                .setSize(5)
                .setChannelId(1)
                .build()));

    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(e -> assertThat(e.size).isEqualTo(2));
  }

  @Test
  void unusableInputIsDeadLetteredWithTheReason() throws Exception {
    Instrument noStrike =
        ChainFixtures.instrument(PUT, "NQH6 P0", InstrumentClass.PUT, null, EXPIRY, "NQH6");
    define(noStrike);
    define(ChainFixtures.option(CALL, true, 21_000, EXPIRY));
    event(ChainFixtures.trade(CALL, T0, 1, Side.BID, 0, 2));
    h.processWatermark1(new Watermark(T0 / 1_000_000 + 1_000));
    event(ChainFixtures.trade(CALL, T0, 2, Side.BID, 150, 2));

    assertThat(deadLetters())
        .extracting(DeadLetter::getReason)
        .containsExactly(
            "definition of instrument 204 (NQH6 P0) has no positive strike_price: null",
            "impossible trade of instrument 203: price 0.0 points, size 2",
            "late market event: ts_event "
                + T0
                + " arrived behind the watermark (allowed out-of-orderness exceeded)");
    assertThat(deadLetters()).extracting(DeadLetter::getStage).containsOnly(ChainRouter.STAGE);
  }

  @Test
  void eventsWaitForTheirDefinitionAndHoldTheWatermark() throws Exception {
    event(ChainFixtures.trade(FUTURE_ID, T0, 1, Side.BID, 21_020, 1));
    h.processWatermark1(new Watermark(T0 / 1_000_000 + 5_000));
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(
            h.getOutput().stream()
                .filter(o -> o instanceof Watermark)
                .map(o -> ((Watermark) o).getTimestamp()))
        .containsExactly(T0 / 1_000_000 - 1);

    define(ChainFixtures.future());
    assertThat(h.extractOutputValues())
        .extracting(e -> e.kind)
        .containsExactly(ChainEvent.Kind.DEFINITION, ChainEvent.Kind.TRADE);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void anIdleInputIsNotPassedOnWhileEventsWaitForTheirDefinition() throws Exception {
    // Another subtask's watermark would otherwise pass the waiting trade downstream, and the trade
    // would arrive late there once released (a Kafka outage at a session's first listings).
    event(ChainFixtures.trade(FUTURE_ID, T0, 1, Side.BID, 21_020, 1));
    h.processWatermarkStatus1(WatermarkStatus.IDLE);
    assertThat(h.getOutput().stream().filter(o -> o instanceof WatermarkStatus)).isEmpty();

    define(ChainFixtures.future());
    assertThat(h.extractOutputValues())
        .extracting(e -> e.kind)
        .containsExactly(ChainEvent.Kind.DEFINITION, ChainEvent.Kind.TRADE);
    assertThat(h.getOutput().stream().filter(o -> o instanceof WatermarkStatus))
        .as("idle once nothing waits")
        .containsExactly(WatermarkStatus.IDLE);

    h.getOutput().clear();
    h.processWatermarkStatus1(WatermarkStatus.ACTIVE);
    assertThat(h.getOutput().stream().filter(o -> o instanceof WatermarkStatus))
        .containsExactly(WatermarkStatus.ACTIVE);
  }

  @Test
  void anIdleInputWithNothingWaitingIsPassedOnAtOnce() throws Exception {
    h.processWatermarkStatus1(WatermarkStatus.IDLE);
    assertThat(h.getOutput().stream().filter(o -> o instanceof WatermarkStatus))
        .containsExactly(WatermarkStatus.IDLE);
  }

  @Test
  void anInstrumentsDefinitionIsForgottenTwoDaysAfterItsExpiry() throws Exception {
    define(ChainFixtures.option(CALL, true, 21_000, EXPIRY));
    long expiryMs = EXPIRY / 1_000_000;
    h.processWatermark1(new Watermark(expiryMs + 2 * 86_400_000L - 1));
    event(ChainFixtures.trade(CALL, EXPIRY + 2 * 86_400 * SECOND - 1, 1, Side.BID, 1, 1));
    assertThat(h.extractOutputValues()).hasSize(2);

    h.processWatermark1(new Watermark(expiryMs + 2 * 86_400_000L));
    event(ChainFixtures.trade(CALL, EXPIRY + 2 * 86_400 * SECOND + SECOND, 2, Side.BID, 1, 1));
    assertThat(h.extractOutputValues()).as("the last trade waits for a definition").hasSize(2);
  }
}
