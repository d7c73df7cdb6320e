package io.nqflow.execution.broker;

import io.nqflow.exec.v1.OrderRole;

/** Bracket legs and how their client order ids are derived from the entry's id. */
public enum OrderLeg {
  STOP_LOSS("/SL", OrderRole.STOP_LOSS),
  PROFIT_TARGET("/PT", OrderRole.PROFIT_TARGET);

  private final String suffix;
  private final OrderRole role;

  OrderLeg(String suffix, OrderRole role) {
    this.suffix = suffix;
    this.role = role;
  }

  public String suffix() {
    return suffix;
  }

  public OrderRole role() {
    return role;
  }
}
