package io.nqflow.runner.chaos;

import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.ledger.LedgerFill;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares a chaos run with the fault-free reference, stream by stream, by deterministic ids
 * (docs/reliability.md, "What counts as lost or duplicated").
 */
final class Comparison {
  private Comparison() {}

  static List<StreamCheck> compare(RunOutcome ref, RunOutcome run) {
    return List.of(
        byId(
            "signals.flow",
            ref.signals(),
            run.signals(),
            FlowSignal::getSignalId,
            FlowSignal::getTsEvent,
            s ->
                s.getVariant()
                    + "|"
                    + s.getAlgorithm()
                    + "|"
                    + s.getInstrumentId()
                    + "|"
                    + s.getTsEvent()
                    + "|"
                    + s.getTriggerSequence()),
        byId(
            "signals.opportunity",
            ref.opportunities(),
            run.opportunities(),
            Opportunity::getOpportunityId,
            Opportunity::getTsEvent,
            o ->
                o.getVariant()
                    + "|"
                    + o.getInstrumentId()
                    + "|"
                    + o.getTsEvent()
                    + "|"
                    + o.getRank()),
        decisions(ref, run),
        brokerOrders(ref, run),
        fills(ref, run));
  }

  /**
   * A deterministic stream: lost = ids of the reference missing; duplicated = logical items (same
   * key) under more than one id, and ids the reference never produced; redelivered = records beyond
   * one per id.
   */
  static <T> StreamCheck byId(
      String stream,
      List<T> ref,
      List<T> run,
      Function<T, String> id,
      Function<T, String> logicalKey) {
    return byId(stream, ref, run, id, x -> Long.MIN_VALUE, logicalKey);
  }

  /**
   * As {@link #byId(String, List, List, Function, Function)}, naming each lost item's ts_event (ns)
   * in the examples and the run's last ts_event, so a loss at the very end of the session can be
   * told from one in its middle.
   */
  static <T> StreamCheck byId(
      String stream,
      List<T> ref,
      List<T> run,
      Function<T, String> id,
      java.util.function.ToLongFunction<T> tsEvent,
      Function<T, String> logicalKey) {
    Map<String, T> refById = new HashMap<>();
    ref.forEach(x -> refById.putIfAbsent(id.apply(x), x));
    Set<String> refIds = refById.keySet();
    Set<String> runIds = new LinkedHashSet<>();
    Map<String, Set<String>> idsPerKey = new HashMap<>();
    for (T x : run) {
      runIds.add(id.apply(x));
      idsPerKey.computeIfAbsent(logicalKey.apply(x), k -> new TreeSet<>()).add(id.apply(x));
    }
    List<String> examples = new ArrayList<>();
    long lost = 0;
    for (String i : new TreeSet<>(refIds)) {
      if (!runIds.contains(i)) {
        lost++;
        long ts = tsEvent.applyAsLong(refById.get(i));
        example(examples, "lost " + i + (ts == Long.MIN_VALUE ? "" : " (ts_event " + ts + ")"));
      }
    }
    long last = run.stream().mapToLong(tsEvent).max().orElse(Long.MIN_VALUE);
    if (lost > 0 && last != Long.MIN_VALUE) {
      examples.add("last ts_event of the run: " + last);
    }
    long duplicated = 0;
    for (var e : idsPerKey.entrySet()) {
      if (e.getValue().size() > 1) {
        duplicated += e.getValue().size() - 1;
        example(examples, "one item, ids " + e.getValue());
      }
    }
    for (String i : runIds) {
      if (!refIds.contains(i)) {
        duplicated++;
        example(examples, "not in the fault-free run: " + i);
      }
    }
    return new StreamCheck(
        stream,
        refIds.size(),
        runIds.size(),
        lost,
        duplicated,
        run.size() - runIds.size(),
        0,
        examples);
  }

  /**
   * Decisions (orders.approved and orders.rejected): every signal of the run is decided, once. Lost
   * = a signal without a decision; duplicated = a signal with two distinct decisions (two client
   * order ids, or approved and rejected), or a decision whose signal is not on signals.flow;
   * diverged = a signal approved in one run and rejected in the other.
   */
  static StreamCheck decisions(RunOutcome ref, RunOutcome run) {
    Map<String, Set<String>> runDecisions = decisionsPerSignal(run);
    Map<String, Set<String>> refDecisions = decisionsPerSignal(ref);
    Set<String> signals = new HashSet<>();
    run.signals().forEach(s -> signals.add(s.getSignalId()));
    List<String> examples = new ArrayList<>();
    long lost = 0;
    for (String s : signals) {
      if (!runDecisions.containsKey(s)) {
        lost++;
        example(examples, "signal without a decision: " + s);
      }
    }
    long duplicated = 0;
    long diverged = 0;
    long distinct = 0;
    for (var e : runDecisions.entrySet()) {
      distinct += e.getValue().size();
      if (e.getValue().size() > 1) {
        duplicated += e.getValue().size() - 1;
        example(examples, "signal " + e.getKey() + " decided twice: " + e.getValue());
      }
      if (!signals.contains(e.getKey())) {
        duplicated++;
        example(examples, "decision for a signal not on signals.flow: " + e.getKey());
      }
      Set<String> other = refDecisions.get(e.getKey());
      if (other != null && approved(other) != approved(e.getValue())) {
        diverged++;
      }
    }
    long refDistinct = refDecisions.values().stream().mapToLong(Set::size).sum();
    long raw = run.approved().size() + run.rejected().size();
    return new StreamCheck(
        "decisions", refDistinct, distinct, lost, duplicated, raw - distinct, diverged, examples);
  }

  private static boolean approved(Set<String> decisions) {
    return decisions.stream().anyMatch(d -> d.startsWith("approved:"));
  }

  private static Map<String, Set<String>> decisionsPerSignal(RunOutcome o) {
    Map<String, Set<String>> m = new HashMap<>();
    for (OrderIntent i : o.approved()) {
      m.computeIfAbsent(i.getSignalId(), k -> new TreeSet<>())
          .add("approved:" + i.getClientOrderId());
    }
    for (RiskDecision d : o.rejected()) {
      m.computeIfAbsent(d.getSignalId(), k -> new TreeSet<>()).add("rejected:" + d.getDecisionId());
    }
    return m;
  }

  /**
   * Broker orders. Lost = an approved intent the ledger never recorded, a ledger order still in
   * flight at the end, a ledger order the ledger says reached the broker that the broker does not
   * hold, or a broker order the ledger does not track as working or done there. Duplicated = more
   * than one placement reaching the broker for one client order id, or a broker order of no
   * approved intent. Redelivered = OrderAccepted records on exec.events beyond one per order.
   * Diverged = difference in the number of orders at the broker with the reference (the gate's
   * decisions depend on fill timing).
   */
  static StreamCheck brokerOrders(RunOutcome ref, RunOutcome run) {
    List<String> examples = new ArrayList<>();
    Map<String, LedgerOrder> ledger = new HashMap<>();
    run.ledgerOrders().forEach(o -> ledger.put(o.clientOrderId(), o));
    Set<String> atBroker = new HashSet<>(run.brokerOrders());
    long lost = 0;
    Set<String> intents = new HashSet<>();
    for (OrderIntent i : run.approved()) {
      if (intents.add(i.getClientOrderId()) && !ledger.containsKey(i.getClientOrderId())) {
        lost++;
        example(examples, "approved intent never recorded: " + i.getClientOrderId());
      }
    }
    for (LedgerOrder o : ledger.values()) {
      if (OrderState.IN_FLIGHT.contains(o.state())) {
        lost++;
        example(examples, "still in flight at the end: " + o.clientOrderId());
      } else if (o.state() != OrderState.REJECTED && !atBroker.contains(o.clientOrderId())) {
        lost++;
        example(
            examples, "ledger " + o.state() + " but unknown to the broker: " + o.clientOrderId());
      }
    }
    for (String coid : atBroker) {
      LedgerOrder o = ledger.get(coid);
      if (o == null || o.state() == OrderState.REJECTED) {
        lost++;
        example(examples, "at the broker, untracked by the ledger: " + coid);
      }
    }
    long duplicated = 0;
    for (var e : run.placeCalls().entrySet()) {
      if (e.getValue() > 1) {
        duplicated += e.getValue() - 1;
        example(examples, "placed " + e.getValue() + " times: " + e.getKey());
      }
    }
    for (LedgerOrder o : ledger.values()) {
      if (o.role() == io.nqflow.exec.v1.OrderRole.ENTRY
          && !intents.contains(o.clientOrderId())
          && atBroker.contains(o.clientOrderId())) {
        duplicated++;
        example(examples, "broker entry of no approved intent: " + o.clientOrderId());
      }
    }
    Set<String> accepted = new HashSet<>();
    long acceptedRaw = 0;
    for (ExecutionEvent e : run.exec()) {
      if (e.getPayload() instanceof OrderAccepted a) {
        acceptedRaw++;
        accepted.add(a.getClientOrderId());
      }
    }
    return new StreamCheck(
        "broker orders",
        ref.brokerOrders().size(),
        atBroker.size(),
        lost,
        duplicated,
        acceptedRaw - accepted.size(),
        Math.abs(ref.brokerOrders().size() - atBroker.size()),
        examples);
  }

  /**
   * Fills, against the broker's own executions. Lost = a broker execution the ledger lacks, or a
   * ledger fill missing from exec.events. Duplicated = a ledger or exec.events fill the broker
   * never made, or one execution twice in the ledger. Redelivered = Fill records on exec.events
   * beyond one per execution id. Diverged = difference in the number of fills with the reference
   * (fills depend on the market the paper broker sees while the service is up).
   */
  static StreamCheck fills(RunOutcome ref, RunOutcome run) {
    List<String> examples = new ArrayList<>();
    Set<String> broker = new HashSet<>();
    run.brokerFills().stream().map(BrokerFill::executionId).forEach(broker::add);
    Map<String, Integer> ledgerCount = new HashMap<>();
    for (LedgerFill f : run.ledgerFills()) {
      ledgerCount.merge(f.executionId(), 1, Integer::sum);
    }
    Set<String> onTopic = new HashSet<>();
    long raw = 0;
    for (ExecutionEvent e : run.exec()) {
      if (e.getPayload() instanceof Fill f) {
        raw++;
        onTopic.add(f.getExecutionId());
      }
    }
    long lost = 0;
    for (String id : broker) {
      if (!ledgerCount.containsKey(id)) {
        lost++;
        example(examples, "broker fill missing from the ledger: " + id);
      }
    }
    for (String id : ledgerCount.keySet()) {
      if (!onTopic.contains(id)) {
        lost++;
        example(examples, "ledger fill missing from exec.events: " + id);
      }
    }
    long duplicated = 0;
    for (var e : ledgerCount.entrySet()) {
      if (!broker.contains(e.getKey())) {
        duplicated++;
        example(examples, "ledger fill the broker never made: " + e.getKey());
      }
      if (e.getValue() > 1) {
        duplicated += e.getValue() - 1;
        example(examples, "fill twice in the ledger: " + e.getKey());
      }
    }
    for (String id : onTopic) {
      if (!broker.contains(id)) {
        duplicated++;
        example(examples, "exec.events fill the broker never made: " + id);
      }
    }
    long refFills = ref.brokerFills().size();
    return new StreamCheck(
        "fills",
        refFills,
        broker.size(),
        lost,
        duplicated,
        raw - onTopic.size(),
        Math.abs(refFills - broker.size()),
        examples);
  }

  private static void example(List<String> examples, String s) {
    if (examples.size() < 5) {
      examples.add(s);
    }
  }
}
