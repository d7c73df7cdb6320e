package io.nqflow.runner.local;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one local run found and did; written to {@code outputs/<run-id>/summary.json}.
 *
 * @param duplicateOrders broker orders beyond the first for a client order id, plus orders that
 *     have no approved signal; must be 0
 */
public record LocalSummary(
    String runId,
    long eventsIn,
    long instruments,
    long signals,
    Map<String, Long> signalsByAlgorithm,
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
    StringBuilder b = new StringBuilder();
    b.append("{\n");
    field(b, "run_id", quote(runId));
    field(b, "events_in", eventsIn);
    field(b, "instruments", instruments);
    b.append("  \"signals\": {\"total\": ").append(signals).append(", \"by_algorithm\": ");
    map(b, signalsByAlgorithm);
    b.append("},\n");
    field(b, "orders_approved", ordersApproved);
    b.append("  \"orders_rejected\": {\"total\": ")
        .append(ordersRejected)
        .append(", \"by_reason\": ");
    map(b, rejectionsByReason);
    b.append("},\n");
    field(b, "orders_sent", ordersSent);
    field(b, "fills", fills);
    field(b, "max_abs_position", maxAbsPosition);
    field(b, "realized_pnl_usd", String.format(java.util.Locale.ROOT, "%.2f", realizedPnlUsd));
    field(b, "duplicate_orders", duplicateOrders);
    field(b, "dead_letters", deadLetters);
    b.append("  \"wall_seconds\": ")
        .append(String.format(java.util.Locale.ROOT, "%.1f", wallSeconds))
        .append("\n}\n");
    return b.toString();
  }

  /** A table a person reads at the end of the run. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    row(b, "run", runId);
    row(b, "events in (md.events)", eventsIn);
    row(b, "instruments", instruments);
    row(b, "signals", signals);
    signalsByAlgorithm.forEach((k, v) -> row(b, "  " + k, v));
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

  private static void field(StringBuilder b, String k, Object v) {
    b.append("  \"").append(k).append("\": ").append(v).append(",\n");
  }

  private static void map(StringBuilder b, Map<String, Long> m) {
    b.append('{');
    boolean first = true;
    for (var e : m.entrySet()) {
      if (!first) {
        b.append(", ");
      }
      first = false;
      b.append(quote(e.getKey())).append(": ").append(e.getValue());
    }
    b.append('}');
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
