package io.nqflow.execution;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.execution.broker.OrderRequest;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Trade;
import io.nqflow.orders.v1.OrderIntent;
import java.util.List;

/** Builders for intents and market events in tests. Prices are given in points. */
public final class TestData {
  public static final long T0 = 1_750_000_000_000_000_000L;

  private TestData() {}

  public static long px(double points) {
    return Math.round(points * 1e9);
  }

  public static MarketEvent quote(
      long instrument, long ts, double bid, long bidSz, double ask, long askSz) {
    BookLevel level =
        BookLevel.newBuilder()
            .setBidPx(bid > 0 ? px(bid) : null)
            .setAskPx(ask > 0 ? px(ask) : null)
            .setBidSz(bidSz)
            .setAskSz(askSz)
            .setBidCt(1)
            .setAskCt(1)
            .build();
    return event(instrument, ts, Quote.newBuilder().setLevels(List.of(level)).build());
  }

  public static MarketEvent trade(long instrument, long ts, double price, long size) {
    return event(
        instrument,
        ts,
        Trade.newBuilder().setPrice(px(price)).setSize(size).setSide(Side.BID).setDepth(0).build());
  }

  public static MarketEvent mbo(
      long instrument, long ts, long orderId, Action action, Side side, double price, long size) {
    return event(
        instrument,
        ts,
        Mbo.newBuilder()
            .setOrderId(orderId)
            .setAction(action)
            .setSide(side)
            .setPrice(px(price))
            .setSize(size)
            .setChannelId(0)
            .build());
  }

  public static MarketEvent event(long instrument, long ts, Object payload) {
    return MarketEvent.newBuilder()
        .setSource("test")
        .setInstrumentId(instrument)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts)
        .setSequence(ts)
        .setFlags(0)
        .setPayload(payload)
        .build();
  }

  /** A BUY entry with a bracket: stop 1 point below, target 1 point above the limit. */
  public static OrderIntent buy(
      String account, String signal, long instrument, int qty, double limit) {
    return intent(
        account, signal, instrument, OrderSide.BUY, qty, limit, limit - 1, limit + 1, false);
  }

  public static OrderIntent intent(
      String account,
      String signal,
      long instrument,
      OrderSide side,
      int qty,
      double limit,
      double stop,
      double target,
      boolean reduceOnly) {
    return OrderIntent.newBuilder()
        .setClientOrderId(Ids.clientOrderId("v1", signal))
        .setSignalId(signal)
        .setVariant("v1")
        .setAccount(account)
        .setInstrumentId(instrument)
        .setRawSymbol("NQ-" + instrument)
        .setUnderlying("NQ")
        .setSide(side)
        .setQuantity(qty)
        .setLimitPrice(px(limit))
        .setStopLossPrice(px(stop))
        .setProfitTargetPrice(px(target))
        .setMultiplierUsd(20.0)
        .setReduceOnly(reduceOnly)
        .setSignalPrice(px(limit))
        .setTsSignal(T0)
        .setTsDecision(T0)
        .setRiskUsd(20.0)
        .setRationale("test")
        .build();
  }

  public static OrderRequest request(OrderIntent i) {
    return new OrderRequest(
        i.getClientOrderId(),
        i.getInstrumentId(),
        i.getRawSymbol(),
        i.getSide(),
        i.getQuantity(),
        i.getLimitPrice(),
        i.getReduceOnly() ? null : i.getStopLossPrice(),
        i.getReduceOnly() ? null : i.getProfitTargetPrice());
  }
}
