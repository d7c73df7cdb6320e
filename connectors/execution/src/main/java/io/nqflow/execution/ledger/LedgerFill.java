package io.nqflow.execution.ledger;

import io.nqflow.common.v1.OrderSide;

/**
 * One row of the ledger's fills table (unique by execution id).
 *
 * @param executionId broker execution id
 * @param clientOrderId our order
 * @param brokerOrderId broker's order
 * @param instrumentId instrument
 * @param symbol venue symbol
 * @param side BUY or SELL
 * @param quantity contracts
 * @param price fill price, 1e-9 fixed point
 * @param multiplierUsd USD per point per contract
 * @param feeUsd fees, USD
 * @param tsEvent execution time, ns since the epoch
 */
public record LedgerFill(
    String executionId,
    String clientOrderId,
    String brokerOrderId,
    long instrumentId,
    String symbol,
    OrderSide side,
    int quantity,
    long price,
    double multiplierUsd,
    double feeUsd,
    long tsEvent) {}
