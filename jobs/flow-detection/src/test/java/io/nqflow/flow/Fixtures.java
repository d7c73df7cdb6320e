package io.nqflow.flow;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Trade;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** Instruments and market events for the tests, built the way the feed normalizes them. */
public final class Fixtures {
  private Fixtures() {}

  public static final long FUTURE_ID = 100;
  public static final long CALL_ID = 201;
  public static final long PUT_ID = 202;
  public static final long FAR_CALL_ID = 203;
  public static final String UNDERLYING = "NQH6";

  /**
   * 2026-03-02 09:00 America/Chicago (15:00 UTC), inside the session that opened 17:00 the day
   * before.
   */
  public static final long T0 = nanos(Instant.parse("2026-03-02T15:00:00Z"));

  public static final long SECOND = 1_000_000_000L;
  public static final long MINUTE = 60 * SECOND;
  public static final long DAY = 24 * 60 * MINUTE;

  /**
   * The settings these tests were written against: the defaults with a 60 s window in 30 min
   * buckets and a 5 min cooldown, so a handful of hand-built trades can make a spike.
   */
  public static FlowDetectionSettings settings() {
    return FlowDetectionSettings.defaults().toBuilder()
        .jobVersion("0.1.0-SNAPSHOT")
        .window(java.time.Duration.ofSeconds(60))
        .bucket(java.time.Duration.ofMinutes(30))
        .cooldown(java.time.Duration.ofMinutes(5))
        .build();
  }

  /**
   * {@link #settings()} with the {@code detection.patterns:} keys of {@code patternsYaml} (e.g.
   * {@code "accumulation: {min_trades: 5}"}) read through the configuration loader.
   */
  public static FlowDetectionSettings withPatterns(String patternsYaml) {
    String yaml = "detection:\n  patterns:\n    " + patternsYaml.replace("\n", "\n    ") + "\n";
    FlowDetectionSettings loaded =
        io.nqflow.core.config.ConfigLoader.fromYaml(
                yaml,
                java.nio.file.Path.of("."),
                java.util.Map.of(),
                List.of(FlowDetectionSettings.SECTION))
            .section(FlowDetectionSettings.SECTION);
    return settings().toBuilder().patternSettings(loaded.patternSettings()).build();
  }

  public static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  public static long px(double points) {
    return Prices.fromDouble(points);
  }

  public static Instrument future() {
    return instrument(FUTURE_ID, "NQH6", InstrumentClass.FUTURE, null, "");
  }

  public static Instrument call(long id, double strike) {
    return instrument(id, "NQH6 C" + (long) strike, InstrumentClass.CALL, px(strike), UNDERLYING);
  }

  public static Instrument put(long id, double strike) {
    return instrument(id, "NQH6 P" + (long) strike, InstrumentClass.PUT, px(strike), UNDERLYING);
  }

  public static Instrument instrument(
      long id, String symbol, InstrumentClass c, Long strike, String underlying) {
    return Instrument.newBuilder()
        .setInstrumentId(id)
        .setPublisherId(1)
        .setSource("test")
        .setTsEvent(T0 - DAY)
        .setTsRecv(T0 - DAY)
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
        .setUnitOfMeasureQty(px(20))
        .setMinPriceIncrement(px(0.05))
        .setDisplayFactor(px(1))
        .setTickBands(List.of())
        .build();
  }

  public static MarketEvent trade(
      long id, long ts, long seq, Side aggressor, double price, long size) {
    return event(
        id,
        ts,
        seq,
        Trade.newBuilder()
            .setPrice(px(price))
            .setSize(size)
            .setSide(aggressor)
            .setDepth(0)
            .build());
  }

  public static MarketEvent mbo(
      long id, long ts, long seq, Action action, Side side, double price, long size) {
    return event(
        id,
        ts,
        seq,
        Mbo.newBuilder()
            .setOrderId(seq)
            .setAction(action)
            .setSide(side)
            .setPrice(px(price))
            .setSize(size)
            .setChannelId(1)
            .build());
  }

  public static MarketEvent quote(long id, long ts, long seq) {
    return event(id, ts, seq, Quote.newBuilder().setLevels(List.of()).build());
  }

  public static MarketEvent event(long id, long ts, long seq, Object payload) {
    return MarketEvent.newBuilder()
        .setSource("test")
        .setInstrumentId(id)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts + 1000)
        .setSequence(seq)
        .setFlags(0)
        .setPayload(payload)
        .build();
  }

  /** The option event the router makes of a trade of {@code instrument}. */
  public static OptionEvent optionTrade(
      Instrument instrument, long ts, long seq, Side aggressor, double price, long size) {
    OptionEvent o = new OptionEvent();
    o.instrumentId = instrument.getInstrumentId();
    o.rawSymbol = instrument.getRawSymbol();
    o.underlying = instrument.getUnderlying();
    o.instrumentClass = instrument.getInstrumentClass();
    o.strike = instrument.getStrikePrice();
    o.expiration = instrument.getExpiration();
    o.multiplier = instrument.getUnitOfMeasureQty();
    o.tsEvent = ts;
    o.tsRecv = ts;
    o.sequence = seq;
    o.kind = EventKind.TRADE;
    o.side = aggressor;
    o.price = px(price);
    o.size = size;
    o.depth = 0;
    return o;
  }

  /** Keyed state entries of a harness's operator on the heap backend. */
  public static int keyedEntries(AbstractStreamOperatorTestHarness<?> h) {
    return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }
}
