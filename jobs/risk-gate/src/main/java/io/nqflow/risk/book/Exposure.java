package io.nqflow.risk.book;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.risk.PendingOrder;
import io.nqflow.risk.Position;
import io.nqflow.risk.RiskBook;
import java.util.LinkedHashMap;
import java.util.Map;

/** Contracts and dollars at risk of a {@link RiskBook}, open positions plus pending buys. */
public final class Exposure {
  private int totalContracts;
  private final Map<Long, Integer> byInstrument = new LinkedHashMap<>();
  private double riskUsd;
  private double stopOutUsd;

  private Exposure() {}

  /** The open and pending exposure of the book now. */
  public static Exposure of(RiskBook b) {
    Exposure x = new Exposure();
    for (Position p : b.positions.values()) {
      int q = Math.abs(p.quantity);
      x.totalContracts += q;
      x.byInstrument.merge(p.instrumentId, Math.max(0, p.quantity), Integer::sum);
      if (p.quantity > 0) {
        x.riskUsd += Usd.of(p.avgPrice - p.stopPrice, p.quantity, p.multiplierUsd);
        // Loss still possible from the mark down to the stop (a gap below the stop is already in
        // the unrealized P&L).
        long exitAt = Math.min(p.markOrAvg(), p.stopPrice);
        x.stopOutUsd += Usd.of(exitAt - p.markOrAvg(), p.quantity, p.multiplierUsd);
      }
    }
    for (PendingOrder po : b.pending.values()) {
      if (po.side == OrderSide.BUY) {
        x.totalContracts += po.quantity;
        x.byInstrument.merge(po.instrumentId, po.quantity, Integer::sum);
        x.riskUsd += Usd.of(po.limitPrice - po.stopPrice, po.quantity, po.multiplierUsd);
        x.stopOutUsd += Usd.of(po.stopPrice - po.limitPrice, po.quantity, po.multiplierUsd);
      }
    }
    return x;
  }

  /** Contracts open (long or short, absolute) or pending to buy, over all instruments. */
  public int totalContracts() {
    return totalContracts;
  }

  /** Long contracts open or pending to buy on one instrument. */
  public int contractsOn(long instrument) {
    return byInstrument.getOrDefault(instrument, 0);
  }

  /** Risk to stops, USD: entry (or limit) down to the stop, over open longs and pending buys. */
  public double riskUsd() {
    return riskUsd;
  }

  /** What stopping out every open long (from its mark) and pending buy would add to the day. */
  public double stopOutUsd() {
    return stopOutUsd;
  }

  /** Day P&amp;L if every open and pending position stopped out, USD (at most {@code pnl}). */
  public double worstCasePnlUsd(double pnl) {
    return pnl + stopOutUsd;
  }
}
