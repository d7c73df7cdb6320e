package io.nqflow.core.trades;

/**
 * One fill of an order, from its audit record; slippage and signal-to-fill latency from the
 * matching exec.events fill when there is one.
 *
 * @param price 1e-9 fixed point
 * @param ts ns since the epoch
 * @param slippageUsd null when exec.events has no fill with this execution id
 * @param signalToFillNs null when exec.events has no fill with this execution id, or it has none
 */
public record TradeFill(
    String executionId,
    String clientOrderId,
    String role,
    String side,
    int quantity,
    long price,
    double feeUsd,
    long ts,
    Double slippageUsd,
    Long signalToFillNs) {

  /** Contracts bought (positive) or sold (negative). */
  public int signed() {
    return "BUY".equals(side) ? quantity : -quantity;
  }
}
