package io.nqflow.flow;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Prices;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * An option's market event joined with its definition: the compact POJO the keyed detectors work
 * on. Prices are 1e-9 fixed point in index points, times ns since the epoch, sizes in contracts.
 */
@TypeInfo(OptionEventSerializer.TypeInfoFactoryImpl.class)
public final class OptionEvent {
  public long instrumentId;
  public String rawSymbol;
  public String underlying;
  public InstrumentClass instrumentClass;

  /** Strike, 1e-9 fixed point index points. */
  public long strike;

  /** Expiration, ns since the epoch; 0 when the definition has none. */
  public long expiration;

  /** Contract multiplier, USD per index point, 1e-9 fixed point (NQ 20 = 20e9). */
  public long multiplier;

  public long tsEvent;
  public long tsRecv;
  public long sequence;
  public EventKind kind;

  /** Aggressor side on TRADE; book side of the resting order otherwise. */
  public Side side;

  /** Price, 1e-9 fixed point. */
  public long price;

  /** Contracts. */
  public long size;

  /** Venue order id (MBO), 0 for trade records. */
  public long orderId;

  /** Book level a trade record hit (0 = top); -1 when unknown (MBO). */
  public int depth;

  /**
   * On trades: aggressive contracts bought and sold in this instrument over the accumulation window
   * up to and including this trade, set by the router (one-sidedness for the patterns).
   */
  public long recentBuy;

  public long recentSell;

  public OptionEvent() {}

  /** Premium of this event in USD: price x size x multiplier. */
  public double premiumUsd() {
    return Prices.toDouble(price) * size * Prices.toDouble(multiplier);
  }

  @Override
  public String toString() {
    return rawSymbol
        + "#"
        + instrumentId
        + " "
        + kind
        + " "
        + side
        + " "
        + size
        + "@"
        + Prices.toDouble(price)
        + " ts="
        + tsEvent
        + " seq="
        + sequence;
  }
}
