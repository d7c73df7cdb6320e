package io.nqflow.execution.broker;

/**
 * A net position at the broker.
 *
 * @param symbol venue symbol
 * @param netQuantity signed contracts (long &gt; 0)
 */
public record BrokerPosition(String symbol, int netQuantity) {}
