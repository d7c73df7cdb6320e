package io.nqflow.chain;

import io.nqflow.chain.model.ChainModel;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.chain.model.Verdict;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Statistic;
import io.nqflow.md.v1.Trade;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Instruments, events and a model for the chain job's tests. */
final class ChainFixtures {
  private ChainFixtures() {}

  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;

  /** 2026-03-02T15:00:00Z. */
  static final long T0 = nanos("2026-03-02T15:00:00Z");

  static final long EXPIRY = nanos("2026-03-20T13:30:00Z");
  static final long NEAR_EXPIRY = nanos("2026-03-03T21:00:00Z");
  static final long FUTURE_ID = 100;

  static long nanos(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  static Instrument future() {
    return instrument(FUTURE_ID, "NQH6", InstrumentClass.FUTURE, null, null, "");
  }

  static Instrument option(long id, boolean call, double strike, long expiry) {
    return instrument(
        id,
        "NQH6 " + (call ? "C" : "P") + (long) strike,
        call ? InstrumentClass.CALL : InstrumentClass.PUT,
        Prices.fromDouble(strike),
        expiry,
        "NQH6");
  }

  static Instrument instrument(
      long id, String symbol, InstrumentClass c, Long strike, Long expiry, String underlying) {
    return Instrument.newBuilder()
        .setInstrumentId(id)
        .setPublisherId(1)
        .setSource("test")
        .setTsEvent(T0 - 3600 * SECOND)
        .setTsRecv(T0 - 3600 * SECOND)
        .setRawSymbol(symbol)
        .setAsset("NQ")
        .setSecurityType(c == InstrumentClass.FUTURE ? "FUT" : "OOF")
        .setInstrumentClass(c)
        .setStrikePrice(strike)
        .setExpiration(expiry)
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

  static MarketEvent trade(long id, long ts, long seq, Side aggressor, double price, long size) {
    return event(
        id,
        ts,
        seq,
        Trade.newBuilder()
            .setPrice(Prices.fromDouble(price))
            .setSize(size)
            .setSide(aggressor)
            .setDepth(0)
            .build());
  }

  static MarketEvent openInterest(long id, long ts, long seq, long contracts) {
    return event(
        id,
        ts,
        seq,
        Statistic.newBuilder()
            .setStatType(ChainRouter.STAT_OPEN_INTEREST)
            .setPrice(null)
            .setQuantity(contracts)
            .setTsRef(ts)
            .setUpdateAction(1)
            .setStatFlags(0)
            .build());
  }

  static MarketEvent event(long id, long ts, long seq, Object payload) {
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

  /**
   * A model that reports what the chain state holds: two setups around the underlying (long +50 /
   * -30, short -60 / +40) whose factors are the chain's call volume, open interest and the
   * underlying it was given.
   */
  static final class EchoModel implements ChainModel {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
      long callVolume = 0;
      long oi = 0;
      for (StrikeRow r : chain.strikes()) {
        callVolume += r.callVolume();
        oi += r.callOi() + r.putOi();
      }
      Map<String, Double> f = new LinkedHashMap<>();
      f.put("call_volume", (double) callVolume);
      f.put("oi", (double) oi);
      f.put("underlying", underlying);
      double u = underlying;
      List<Setup> setups =
          List.of(
              new Setup(SetupDirection.LONG, u + 50, u - 30, 50, 30, 0.7, 26, f),
              new Setup(SetupDirection.SHORT, u - 60, u + 40, 60, 40, 0.6, 20, f));
      return new ModelResult(
          name(),
          chain,
          underlying,
          false,
          new RiskAnalysis(0, 0, 0, Verdict.BALANCED, List.of()),
          null,
          2,
          setups);
    }
  }
}
