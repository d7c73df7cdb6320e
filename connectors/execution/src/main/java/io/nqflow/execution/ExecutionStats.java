package io.nqflow.execution;

import io.nqflow.common.v1.TradingState;

/**
 * Counters of one running execution service, for the local-stack summary.
 *
 * @param intentsReceived approved intents consumed for this account
 * @param ordersSent orders acknowledged by the broker (entries and exits; legs not counted)
 * @param ordersRejected intents refused by the service or the broker
 * @param ordersCancelled orders that ended cancelled
 * @param fills fills recorded in the ledger
 * @param duplicateOrdersRefused intents whose client order id was already in the ledger
 * @param deadLetters undecodable inputs sent to ops.deadletter
 * @param maxAbsPosition largest absolute position in any instrument, contracts
 * @param realizedPnlUsd realized P&amp;L net of fees over the ledger's history, USD
 * @param reconciliations successful reconciliations
 * @param tradingState global trading state
 */
public record ExecutionStats(
    long intentsReceived,
    long ordersSent,
    long ordersRejected,
    long ordersCancelled,
    long fills,
    long duplicateOrdersRefused,
    long deadLetters,
    int maxAbsPosition,
    double realizedPnlUsd,
    long reconciliations,
    TradingState tradingState) {}
