package io.nqflow.execution.broker;

/**
 * The broker's view of one order.
 *
 * @param brokerOrderId broker's id
 * @param clientOrderId our id, when the broker reports it
 * @param status where the order is
 * @param reason broker text for a rejection or cancellation, else empty
 */
public record BrokerOrder(
    String brokerOrderId, String clientOrderId, BrokerOrderStatus status, String reason) {}
