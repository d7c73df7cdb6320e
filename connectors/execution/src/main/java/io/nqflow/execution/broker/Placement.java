package io.nqflow.execution.broker;

import java.util.Optional;

/**
 * What the broker holds for one placed order: the entry (or exit) and, for a bracket, its legs.
 *
 * @param order the placed order
 * @param stopLoss the stop-loss leg, if bracketed
 * @param profitTarget the profit-target leg, if bracketed
 */
public record Placement(
    BrokerOrder order, Optional<BrokerOrder> stopLoss, Optional<BrokerOrder> profitTarget) {}
