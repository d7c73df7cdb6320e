package io.nqflow.risk;

import io.nqflow.market.AverageCostPosition;

/** An open position of the account in one instrument, as the gate reckons it (state POJO). */
public class Position {
  /** Instrument id. */
  public long instrumentId;

  /** Signed contracts, long > 0. */
  public int quantity;

  /** Average entry price, 1e-9 fixed point. */
  public long avgPrice;

  /** Last trade price seen for the instrument, 1e-9 fixed point; 0 when none yet. */
  public long markPrice;

  /** Event time of {@link #markPrice}, ns since the UNIX epoch. */
  public long markTs;

  /** USD per index point per contract. */
  public double multiplierUsd;

  /** Stop-loss of the entry that opened it, 1e-9 fixed point; 0 when unknown (risk = premium). */
  public long stopPrice;

  public Position() {}

  public Position(long instrumentId, double multiplierUsd) {
    this.instrumentId = instrumentId;
    this.multiplierUsd = multiplierUsd;
  }

  /** The position at average cost (the market library's rule), to apply a fill or value it. */
  public AverageCostPosition atAverageCost() {
    return new AverageCostPosition(multiplierUsd, quantity, avgPrice);
  }

  /** The mark, or the average price while no trade has been seen. */
  public long markOrAvg() {
    return markPrice > 0 ? markPrice : avgPrice;
  }
}
