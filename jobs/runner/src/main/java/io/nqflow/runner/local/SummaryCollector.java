package io.nqflow.runner.local;

import io.nqflow.core.kafka.TopicReader;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Computes the run summary from what the topics hold, hop by hop, so it checks the system rather
 * than any component's own counters: every order is traced back to an approved signal.
 */
public final class SummaryCollector {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  private final TopicReader reader;

  public SummaryCollector(String bootstrapServers) {
    this.reader = new TopicReader(bootstrapServers);
  }

  /** Counts of the hops, read from the topics. */
  public record Hops(
      long events,
      long instruments,
      Map<String, FlowSignal> signals,
      Map<String, OrderIntent> approved,
      Map<String, RiskDecision> rejected,
      List<ExecutionEvent> exec,
      long deadLetters,
      long opportunities) {}

  public Hops read() throws TimeoutException {
    // Counted, not read into a list: a full session's events do not fit in the heap as objects.
    long events = reader.count(Topics.MARKET_EVENTS, READ_TIMEOUT);
    long instruments = reader.count(Topics.INSTRUMENTS, READ_TIMEOUT);
    Map<String, FlowSignal> signals = new HashMap<>();
    for (FlowSignal s : reader.values(Topics.FLOW_SIGNALS, READ_TIMEOUT)) {
      signals.putIfAbsent(s.getSignalId(), s);
    }
    Map<String, OrderIntent> approved = new HashMap<>();
    for (OrderIntent o : reader.values(Topics.ORDERS_APPROVED, READ_TIMEOUT)) {
      approved.putIfAbsent(o.getClientOrderId(), o);
    }
    Map<String, RiskDecision> rejected = new HashMap<>();
    for (RiskDecision d : reader.values(Topics.ORDERS_REJECTED, READ_TIMEOUT)) {
      rejected.putIfAbsent(d.getDecisionId(), d);
    }
    List<ExecutionEvent> exec = reader.values(Topics.EXEC_EVENTS, READ_TIMEOUT);
    long dead = reader.count(Topics.DEAD_LETTERS, READ_TIMEOUT);
    Set<String> opportunities = new HashSet<>();
    for (Opportunity o : reader.values(Topics.OPPORTUNITIES, READ_TIMEOUT)) {
      opportunities.add(o.getOpportunityId());
    }
    return new Hops(
        events, instruments, signals, approved, rejected, exec, dead, opportunities.size());
  }

  public LocalSummary summarize(String runId, Hops h, double wallSeconds) {
    Map<String, Long> byAlgorithm = new HashMap<>();
    h.signals().values().forEach(s -> byAlgorithm.merge(s.getAlgorithm(), 1L, Long::sum));
    Map<String, Long> byReason = new HashMap<>();
    for (RiskDecision d : h.rejected().values()) {
      for (RuleViolation v : d.getViolations()) {
        byReason.merge(v.getRule(), 1L, Long::sum);
      }
    }
    Map<String, Integer> entriesPerOrder = new HashMap<>();
    Set<String> executions = new HashSet<>();
    long fills = 0;
    long maxAbsPosition = 0;
    double realized = 0;
    for (ExecutionEvent e : h.exec()) {
      Object p = e.getPayload();
      if (p instanceof OrderAccepted a && a.getRole() == OrderRole.ENTRY) {
        entriesPerOrder.merge(a.getClientOrderId(), 1, Integer::sum);
      } else if (p instanceof Fill f) {
        if (executions.add(f.getExecutionId())) {
          fills++;
        }
      } else if (p instanceof PositionSnapshot ps) {
        maxAbsPosition = Math.max(maxAbsPosition, Math.abs((long) ps.getQuantity()));
      } else if (p instanceof PnlSnapshot pnl) {
        realized = pnl.getRealizedUsd();
      }
    }
    long duplicates = 0;
    for (var e : entriesPerOrder.entrySet()) {
      duplicates += e.getValue() - 1;
      OrderIntent intent = h.approved().get(e.getKey());
      // An order with no approval, or one whose signal never existed, is a duplicate by definition.
      if (intent == null || !h.signals().containsKey(intent.getSignalId())) {
        duplicates++;
      }
    }
    return new LocalSummary(
        runId,
        h.events(),
        h.instruments(),
        h.signals().size(),
        byAlgorithm,
        h.opportunities(),
        h.approved().size(),
        h.rejected().size(),
        byReason,
        entriesPerOrder.size(),
        fills,
        maxAbsPosition,
        realized,
        duplicates,
        h.deadLetters(),
        wallSeconds);
  }
}
