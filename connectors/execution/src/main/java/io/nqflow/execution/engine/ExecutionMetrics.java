package io.nqflow.execution.engine;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;

/** Prometheus metrics of the execution service, labelled by account and broker. */
final class ExecutionMetrics {
  final Counter.Child intents;
  final Counter.Child ordersSent;
  final Counter.Child ordersRejected;
  final Counter.Child ordersCancelled;
  final Counter.Child fills;
  final Counter.Child duplicateOrdersRefused;
  final Counter.Child deadLetters;
  final Counter.Child intentsRefusedUnsigned;
  final Counter.Child controlsRefused;
  final Counter.Child reconciliations;
  final Counter.Child reconciliationFailures;
  final Gauge.Child maxAbsPosition;
  final Gauge.Child realizedPnlUsd;
  final Gauge.Child tradingState;

  ExecutionMetrics(CollectorRegistry registry, String account, String broker) {
    String[] labels = {"account", "broker"};
    intents = counter(registry, "intents", "Approved intents consumed", labels, account, broker);
    ordersSent =
        counter(
            registry, "orders_sent", "Orders acknowledged by the broker", labels, account, broker);
    ordersRejected =
        counter(registry, "orders_rejected", "Intents refused", labels, account, broker);
    ordersCancelled =
        counter(registry, "orders_cancelled", "Orders cancelled", labels, account, broker);
    fills = counter(registry, "fills", "Fills recorded in the ledger", labels, account, broker);
    duplicateOrdersRefused =
        counter(
            registry,
            "duplicate_orders_refused",
            "Intents whose client order id was already in the ledger",
            labels,
            account,
            broker);
    deadLetters =
        counter(
            registry, "dead_letters", "Undecodable inputs dead-lettered", labels, account, broker);
    intentsRefusedUnsigned =
        counter(
            registry,
            "intents_refused_signature",
            "Intents refused because they were unsigned, signed by an unknown key or tampered",
            labels,
            account,
            broker);
    controlsRefused =
        counter(
            registry,
            "controls_refused",
            "Control commands refused: unsigned where a signature is required, signed by an"
                + " unknown key, or tampered",
            labels,
            account,
            broker);
    reconciliations =
        counter(registry, "reconciliations", "Successful reconciliations", labels, account, broker);
    reconciliationFailures =
        counter(
            registry,
            "reconciliation_failures",
            "Failed reconciliations (trading refused)",
            labels,
            account,
            broker);
    maxAbsPosition =
        gauge(
            registry,
            "max_abs_position_contracts",
            "Largest absolute position in any instrument",
            labels,
            account,
            broker);
    realizedPnlUsd =
        gauge(registry, "realized_pnl_usd", "Realized P&L net of fees", labels, account, broker);
    tradingState =
        gauge(
            registry,
            "trading_state",
            "Global trading state: 0 ACTIVE, 1 REDUCE_ONLY, 2 HALTED",
            labels,
            account,
            broker);
  }

  private static Counter.Child counter(
      CollectorRegistry registry, String name, String help, String[] labels, String... values) {
    return Counter.build("nqflow_execution_" + name + "_total", help)
        .labelNames(labels)
        .register(registry)
        .labels(values);
  }

  private static Gauge.Child gauge(
      CollectorRegistry registry, String name, String help, String[] labels, String... values) {
    return Gauge.build("nqflow_execution_" + name, help)
        .labelNames(labels)
        .register(registry)
        .labels(values);
  }
}
