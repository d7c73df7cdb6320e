package io.nqflow.execution.engine;

import io.nqflow.common.v1.TradingState;
import io.nqflow.execution.ExecutionStats;
import io.prometheus.client.CollectorRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one execution service, kept twice: as plain numbers for the local-stack summary
 * ({@link #stats}) and as Prometheus metrics labelled by account and broker.
 */
public final class ExecutionCounters {
  private final ExecutionMetrics metrics;
  private final AtomicLong intents = new AtomicLong();
  private final AtomicLong ordersSent = new AtomicLong();
  private final AtomicLong ordersRejected = new AtomicLong();
  private final AtomicLong ordersCancelled = new AtomicLong();
  private final AtomicLong fills = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong reconciliations = new AtomicLong();
  private volatile int maxAbsPosition;
  private volatile double realizedPnlUsd;

  /** Counters whose metrics are registered in {@code registry}. */
  public ExecutionCounters(CollectorRegistry registry, String account, String broker) {
    this.metrics = new ExecutionMetrics(registry, account, broker);
  }

  /** The counters as they are now, with the global trading state. */
  public ExecutionStats stats(TradingState tradingState) {
    return new ExecutionStats(
        intents.get(),
        ordersSent.get(),
        ordersRejected.get(),
        ordersCancelled.get(),
        fills.get(),
        duplicates.get(),
        deadLetters.get(),
        maxAbsPosition,
        realizedPnlUsd,
        reconciliations.get(),
        tradingState);
  }

  /** A reconciliation failed and trading is refused. */
  public void reconciliationFailed() {
    metrics.reconciliationFailures.inc();
  }

  void intent() {
    intents.incrementAndGet();
    metrics.intents.inc();
  }

  void orderSent() {
    ordersSent.incrementAndGet();
    metrics.ordersSent.inc();
  }

  void orderRejected() {
    ordersRejected.incrementAndGet();
    metrics.ordersRejected.inc();
  }

  void orderCancelled() {
    ordersCancelled.incrementAndGet();
    metrics.ordersCancelled.inc();
  }

  void fill() {
    fills.incrementAndGet();
    metrics.fills.inc();
  }

  void duplicateRefused() {
    duplicates.incrementAndGet();
    metrics.duplicateOrdersRefused.inc();
  }

  void deadLetter() {
    deadLetters.incrementAndGet();
    metrics.deadLetters.inc();
  }

  void intentRefusedSignature() {
    deadLetters.incrementAndGet();
    metrics.deadLetters.inc();
    metrics.intentsRefusedUnsigned.inc();
  }

  void controlRefused() {
    deadLetters.incrementAndGet();
    metrics.deadLetters.inc();
    metrics.controlsRefused.inc();
  }

  void reconciled() {
    reconciliations.incrementAndGet();
    metrics.reconciliations.inc();
  }

  void tradingState(TradingState state) {
    metrics.tradingState.set(state.ordinal());
  }

  /** Position and P&amp;L figures after the portfolio changed. */
  void figures(Portfolio portfolio) {
    maxAbsPosition = Math.max(maxAbsPosition, portfolio.maxAbsPosition());
    realizedPnlUsd = portfolio.realizedTotalUsd();
    metrics.maxAbsPosition.set(maxAbsPosition);
    metrics.realizedPnlUsd.set(realizedPnlUsd);
  }
}
