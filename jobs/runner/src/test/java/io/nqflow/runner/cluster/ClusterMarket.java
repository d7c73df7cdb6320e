package io.nqflow.runner.cluster;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Trade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The market of {@link StandaloneClusterITCase}: an NQ future and one call, thirty minutes of
 * steady 50-lot call trading (the volume baseline), then a 600-lot spike measured against it.
 */
final class ClusterMarket {
  static final long FUTURE_ID = 100;
  static final long CALL_ID = 201;
  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;

  /** 2026-03-02 09:00 America/Chicago, inside a trading session. */
  static final long T0 = nanos(Instant.parse("2026-03-02T15:00:00Z"));

  /** Event time of the spike. */
  static final long SPIKE_TS = T0 + 30 * MINUTE + 30 * SECOND;

  private ClusterMarket() {}

  static List<Instrument> instruments() {
    return List.of(
        instrument(FUTURE_ID, "NQH6", InstrumentClass.FUTURE, null, ""),
        instrument(
            CALL_ID, "NQH6 C21000", InstrumentClass.CALL, Prices.fromDouble(21_000), "NQH6"));
  }

  /** Thirty minutes of alternating 50-lot call trades and one-lot future trades. */
  static List<MarketEvent> history() {
    List<MarketEvent> events = new ArrayList<>();
    long seq = 0;
    events.add(trade(FUTURE_ID, T0, ++seq, Side.BID, 21_050, 2));
    for (int k = 0; k < 30; k++) {
      Side side = k % 2 == 0 ? Side.BID : Side.ASK;
      events.add(trade(CALL_ID, T0 + k * MINUTE, ++seq, side, 150, 50));
      events.add(trade(FUTURE_ID, T0 + k * MINUTE + 1, ++seq, side, 21_050, 1));
    }
    return events;
  }

  /** The 600-lot spike, and a future trade a day later that moves event time past it. */
  static List<MarketEvent> spike() {
    return List.of(
        trade(CALL_ID, SPIKE_TS, 1_000, Side.BID, 150, 600),
        trade(FUTURE_ID, T0 + 24 * 60 * MINUTE, 1_001, Side.BID, 21_050, 1));
  }

  static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static Instrument instrument(
      long id, String symbol, InstrumentClass c, Long strike, String underlying) {
    return Instrument.newBuilder()
        .setInstrumentId(id)
        .setPublisherId(1)
        .setSource("cluster-it")
        .setTsEvent(T0 - 24 * 60 * MINUTE)
        .setTsRecv(T0 - 24 * 60 * MINUTE)
        .setRawSymbol(symbol)
        .setAsset("NQ")
        .setSecurityType(c == InstrumentClass.FUTURE ? "FUT" : "OOF")
        .setInstrumentClass(c)
        .setStrikePrice(strike)
        .setExpiration(nanos(Instant.parse("2026-03-20T13:30:00Z")))
        .setActivation(null)
        .setUnderlying(underlying)
        .setUnderlyingId(c == InstrumentClass.FUTURE ? null : FUTURE_ID)
        .setCurrency("USD")
        .setUnitOfMeasureQty(Prices.fromDouble(20))
        .setMinPriceIncrement(Prices.fromDouble(0.05))
        .setDisplayFactor(Prices.fromDouble(1))
        .setTickBands(List.of())
        .build();
  }

  private static MarketEvent trade(long id, long ts, long seq, Side side, double price, long size) {
    return MarketEvent.newBuilder()
        .setSource("cluster-it")
        .setInstrumentId(id)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts + 1000)
        .setSequence(seq)
        .setFlags(0)
        .setPayload(
            Trade.newBuilder()
                .setPrice(Prices.fromDouble(price))
                .setSize(size)
                .setSide(side)
                .setDepth(0)
                .build())
        .build();
  }
}
