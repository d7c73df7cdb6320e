package io.nqflow.runner.chaos;

import io.nqflow.core.kafka.TopicReader;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.broker.BrokerOrder;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.execution.broker.Placement;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.LedgerFill;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a run left behind, as raw as it is: every record of every output topic (redeliveries
 * included), the ledger's orders and fills, and the broker's orders and fills.
 *
 * @param brokerOrders client order ids the broker holds (bracket legs included)
 * @param brokerFills every execution the broker reports for them
 * @param placeCalls placements that reached the broker, per client order id
 */
record RunOutcome(
    List<FlowSignal> signals,
    List<Opportunity> opportunities,
    List<OrderIntent> approved,
    List<RiskDecision> rejected,
    List<ExecutionEvent> exec,
    List<LedgerOrder> ledgerOrders,
    List<LedgerFill> ledgerFills,
    List<String> brokerOrders,
    List<BrokerFill> brokerFills,
    Map<String, Integer> placeCalls) {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

  /** Reads the topics, the ledger (the service must be stopped) and the paper broker. */
  static RunOutcome read(
      String bootstrap, ExecutionSettings exec, PaperBroker broker, Map<String, Integer> placeCalls)
      throws Exception {
    TopicReader r = new TopicReader(bootstrap);
    List<LedgerOrder> orders;
    List<LedgerFill> fills;
    try (Ledger ledger = Ledger.open(exec.ledgerUrl(), exec.ledgerUser(), exec.ledgerPassword())) {
      orders = ledger.orders();
      fills = ledger.fills();
    }
    List<String> coids = broker.clientOrderIds();
    List<BrokerFill> brokerFills = new ArrayList<>();
    for (String coid : coids) {
      Placement p =
          broker
              .findByClientOrderId(coid)
              .orElseThrow(() -> new IllegalStateException("paper broker lost " + coid));
      // Legs are listed by their own client order ids: only the order itself is read here.
      BrokerOrder o = p.order();
      if (o.clientOrderId().equals(coid)) {
        brokerFills.addAll(broker.fills(o.brokerOrderId()));
      } else {
        for (BrokerOrder leg :
            List.of(p.stopLoss(), p.profitTarget()).stream()
                .flatMap(java.util.Optional::stream)
                .toList()) {
          if (leg.clientOrderId().equals(coid)) {
            brokerFills.addAll(broker.fills(leg.brokerOrderId()));
          }
        }
      }
    }
    return new RunOutcome(
        r.values(Topics.FLOW_SIGNALS, READ_TIMEOUT),
        r.values(Topics.OPPORTUNITIES, READ_TIMEOUT),
        r.values(Topics.ORDERS_APPROVED, READ_TIMEOUT),
        r.values(Topics.ORDERS_REJECTED, READ_TIMEOUT),
        r.values(Topics.EXEC_EVENTS, READ_TIMEOUT),
        orders,
        fills,
        coids,
        brokerFills,
        placeCalls);
  }
}
