package io.nqflow.risk;

import io.nqflow.common.v1.OrderSide;

/**
 * An order the gate approved whose fills have not all come back on exec.events yet (state POJO). It
 * counts as exposure so that two quick signals cannot both pass a one-contract limit.
 */
public class PendingOrder {
  public String clientOrderId;
  public long instrumentId;
  public OrderSide side;

  /** Contracts still unfilled. */
  public int quantity;

  /** Limit price, 1e-9 fixed point. */
  public long limitPrice;

  /** Stop-loss price, 1e-9 fixed point (0 for exits). */
  public long stopPrice;

  public double multiplierUsd;
  public boolean reduceOnly;

  /** Event time of the signal that caused it, ns since the UNIX epoch. */
  public long tsSignal;

  public PendingOrder() {}
}
