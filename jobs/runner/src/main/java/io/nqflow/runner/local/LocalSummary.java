package io.nqflow.runner.local;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one local run found and did; written to {@code outputs/<run-id>/summary.json}.
 *
 * @param opportunities distinct opportunities on signals.opportunity (chain analytics)
 * @param duplicateOrders broker orders beyond the first for a client order id, plus orders that
 *     have no approved signal; must be 0
 */
public record LocalSummary(
    String runId,
    long eventsIn,
    long instruments,
    long signals,
    Map<String, Long> signalsByAlgorithm,
    long opportunities,
    long ordersApproved,
    long ordersRejected,
    Map<String, Long> rejectionsByReason,
    long ordersSent,
    long fills,
    long maxAbsPosition,
    double realizedPnlUsd,
    long duplicateOrders,
    long deadLetters,
    double wallSeconds) {

  public LocalSummary {
    signalsByAlgorithm = new TreeMap<>(signalsByAlgorithm);
    rejectionsByReason = new TreeMap<>(rejectionsByReason);
  }

  /** The summary as a JSON object (stable field names; a contract for scripts). */
  public String toJson() {
    return SummaryJson.write(this);
  }

  /** A table a person reads at the end of the run. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    row(b, "run", runId);
    row(b, "events in (md.events)", eventsIn);
    row(b, "instruments", instruments);
    row(b, "signals", signals);
    signalsByAlgorithm.forEach((k, v) -> row(b, "  " + k, v));
    row(b, "opportunities", opportunities);
    row(b, "orders approved", ordersApproved);
    row(b, "orders rejected", ordersRejected);
    rejectionsByReason.forEach((k, v) -> row(b, "  " + k, v));
    row(b, "orders sent", ordersSent);
    row(b, "fills", fills);
    row(b, "max |position|", maxAbsPosition);
    row(b, "realized P&L (USD)", String.format(java.util.Locale.ROOT, "%.2f", realizedPnlUsd));
    row(b, "duplicate orders", duplicateOrders);
    row(b, "dead letters", deadLetters);
    row(b, "wall time (s)", String.format(java.util.Locale.ROOT, "%.1f", wallSeconds));
    return b.toString();
  }

  private static void row(StringBuilder b, String k, Object v) {
    b.append(String.format(java.util.Locale.ROOT, "  %-28s %s%n", k, v));
  }
}
