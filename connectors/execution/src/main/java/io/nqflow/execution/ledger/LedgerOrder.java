package io.nqflow.execution.ledger;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;

/**
 * One row of the ledger's orders table. Prices are 1e-9 fixed point, times ns since the epoch.
 *
 * @param clientOrderId unique key
 * @param parentClientOrderId entry of a bracket leg, else null
 * @param role ENTRY, STOP_LOSS, PROFIT_TARGET or EXIT
 * @param signalId signal the order comes from
 * @param variant A/B variant
 * @param account trading account
 * @param instrumentId instrument
 * @param symbol venue symbol
 * @param side BUY or SELL
 * @param quantity contracts
 * @param price limit (entry, target, exit) or stop trigger (stop-loss leg)
 * @param stopLossPrice stop of the bracket (entries), else null
 * @param profitTargetPrice target of the bracket (entries), else null
 * @param multiplierUsd USD per point per contract
 * @param reduceOnly whether the order may only reduce a position
 * @param signalPrice reference price of the signal (entries), else null
 * @param tsSignal event time of the signal
 * @param state ledger state
 * @param brokerOrderId broker's id once known
 * @param filledQuantity contracts filled so far
 * @param reason rejection or cancellation reason, else null
 * @param createdNs when the row was written
 * @param updatedNs last change
 */
public record LedgerOrder(
    String clientOrderId,
    String parentClientOrderId,
    OrderRole role,
    String signalId,
    String variant,
    String account,
    long instrumentId,
    String symbol,
    OrderSide side,
    int quantity,
    long price,
    Long stopLossPrice,
    Long profitTargetPrice,
    double multiplierUsd,
    boolean reduceOnly,
    Long signalPrice,
    long tsSignal,
    OrderState state,
    String brokerOrderId,
    int filledQuantity,
    String reason,
    long createdNs,
    long updatedNs) {

  /** This order moved to state {@code s}, keeping the broker id and reason unless given. */
  public LedgerOrder withState(OrderState s, String brokerId, String why, long now) {
    return new LedgerOrder(
        clientOrderId,
        parentClientOrderId,
        role,
        signalId,
        variant,
        account,
        instrumentId,
        symbol,
        side,
        quantity,
        price,
        stopLossPrice,
        profitTargetPrice,
        multiplierUsd,
        reduceOnly,
        signalPrice,
        tsSignal,
        s,
        brokerId != null ? brokerId : brokerOrderId,
        filledQuantity,
        why != null ? why : reason,
        createdNs,
        now);
  }
}
