package io.nqflow.execution.broker;

import io.nqflow.common.v1.OrderSide;

/**
 * An order to place: a limit entry with an optional bracket, or a plain limit exit.
 *
 * @param clientOrderId our deterministic id, sent to the broker so an order can be found again
 * @param instrumentId venue instrument id
 * @param symbol venue symbol
 * @param side BUY or SELL
 * @param quantity contracts
 * @param limitPrice limit, 1e-9 fixed point
 * @param stopLossPrice stop trigger of the protective leg, 1e-9 fixed point; null without bracket
 * @param profitTargetPrice limit of the profit-target leg, 1e-9 fixed point; null without bracket
 */
public record OrderRequest(
    String clientOrderId,
    long instrumentId,
    String symbol,
    OrderSide side,
    int quantity,
    long limitPrice,
    Long stopLossPrice,
    Long profitTargetPrice) {

  public boolean bracketed() {
    return stopLossPrice != null && profitTargetPrice != null;
  }

  /** Client order id of a bracket leg: deterministic from the entry's id. */
  public static String legClientOrderId(String entryClientOrderId, OrderLeg leg) {
    return entryClientOrderId + leg.suffix();
  }
}
