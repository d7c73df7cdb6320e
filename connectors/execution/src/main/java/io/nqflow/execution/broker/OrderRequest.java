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
 * @param tsSignal event time of the order's signal, ns since the epoch; 0 when unknown (the paper
 *     broker's event clock activates the order at this time plus its latency)
 */
public record OrderRequest(
    String clientOrderId,
    long instrumentId,
    String symbol,
    OrderSide side,
    int quantity,
    long limitPrice,
    Long stopLossPrice,
    Long profitTargetPrice,
    long tsSignal) {

  /** A request without a signal time (arrival clock). */
  public OrderRequest(
      String clientOrderId,
      long instrumentId,
      String symbol,
      OrderSide side,
      int quantity,
      long limitPrice,
      Long stopLossPrice,
      Long profitTargetPrice) {
    this(
        clientOrderId,
        instrumentId,
        symbol,
        side,
        quantity,
        limitPrice,
        stopLossPrice,
        profitTargetPrice,
        0L);
  }

  public boolean bracketed() {
    return stopLossPrice != null && profitTargetPrice != null;
  }

  /** Client order id of a bracket leg: deterministic from the entry's id. */
  public static String legClientOrderId(String entryClientOrderId, OrderLeg leg) {
    return entryClientOrderId + leg.suffix();
  }
}
