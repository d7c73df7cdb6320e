package io.nqflow.execution.broker;

import io.nqflow.common.v1.OrderSide;

/**
 * One execution reported by the broker.
 *
 * @param executionId broker's execution id; fills are deduplicated by it
 * @param brokerOrderId order that filled
 * @param side BUY or SELL
 * @param quantity contracts
 * @param price fill price, 1e-9 fixed point
 * @param tsEvent execution time, ns since the UNIX epoch (market time for paper fills)
 */
public record BrokerFill(
    String executionId,
    String brokerOrderId,
    OrderSide side,
    int quantity,
    long price,
    long tsEvent) {}
