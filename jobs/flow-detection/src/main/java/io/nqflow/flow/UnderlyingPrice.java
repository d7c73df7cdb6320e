package io.nqflow.flow;

import io.nqflow.market.Prices;

/** Last price of an underlying future, from its own trades (broadcast to the detectors). */
public final class UnderlyingPrice {
  /** Underlying symbol as option definitions name it, e.g. {@code NQH6}. */
  public String symbol;

  /** Price, 1e-9 fixed point index points. */
  public long price;

  /** Event time of the trade that set it, ns since the epoch. */
  public long tsEvent;

  public UnderlyingPrice() {}

  public UnderlyingPrice(String symbol, long price, long tsEvent) {
    this.symbol = symbol;
    this.price = price;
    this.tsEvent = tsEvent;
  }

  @Override
  public String toString() {
    return symbol + "@" + Prices.toDouble(price) + " ts=" + tsEvent;
  }
}
