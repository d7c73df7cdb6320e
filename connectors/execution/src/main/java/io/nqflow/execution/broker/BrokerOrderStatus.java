package io.nqflow.execution.broker;

/** Order status as the execution service understands it, mapped from each broker's codes. */
public enum BrokerOrderStatus {
  /** Held by the broker but not yet working (a bracket leg waiting for its entry to fill). */
  PENDING,
  /** Working at the venue; may have partial fills. */
  WORKING,
  FILLED,
  CANCELLED,
  REJECTED;

  public boolean terminal() {
    return this == FILLED || this == CANCELLED || this == REJECTED;
  }
}
