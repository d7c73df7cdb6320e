package io.nqflow.execution.engine;

import io.nqflow.execution.ReconciliationException;
import io.nqflow.execution.broker.Broker;
import io.nqflow.execution.broker.BrokerException;
import io.nqflow.execution.broker.BrokerPosition;
import io.nqflow.execution.broker.Placement;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OrderState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the ledger with the broker, at start and periodically: in-flight orders are resolved
 * by asking the broker by client order id (and sent when it does not have them), open orders and
 * their fills are brought up to date, and the broker's positions must equal the ledger's. When they
 * cannot be made to agree the service must refuse to trade.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final OrderEngine engine;
  private final Broker broker;
  private final Ledger ledger;
  private final ExecutionCounters counters;

  /** A reconciler that resolves orders through {@code engine}. */
  public Reconciler(OrderEngine engine, Broker broker, Ledger ledger, ExecutionCounters counters) {
    this.engine = engine;
    this.broker = broker;
    this.ledger = ledger;
    this.counters = counters;
  }

  /**
   * Reconciles once.
   *
   * @param when why, for the log (e.g. {@code start}, {@code periodic})
   * @throws ReconciliationException when the ledger and the broker disagree or the broker cannot be
   *     asked
   */
  public void reconcile(String when) {
    try {
      for (LedgerOrder o : ledger.orders(OrderState.IN_FLIGHT)) {
        Optional<Placement> p = broker.findByClientOrderId(o.clientOrderId());
        if (p.isPresent()) {
          LOG.info("reconcile ({}): {} found at broker as {}", when, o.clientOrderId(), p.get());
          engine.adopt(o, p.get());
        } else {
          String refusal =
              engine.refusal(o.variant(), o.instrumentId(), o.side(), o.quantity(), o.reduceOnly());
          if (refusal != null) {
            engine.reject(o, "never reached the broker; not sent: " + refusal);
          } else {
            LOG.info(
                "reconcile ({}): {} never reached the broker; sending it", when, o.clientOrderId());
            engine.send(o);
          }
        }
      }
      engine.syncOpenOrders();
      List<String> mismatches = positionMismatches();
      if (!mismatches.isEmpty()) {
        // Fills may have landed between the order sync and the position query: look once more.
        engine.syncOpenOrders();
        mismatches = positionMismatches();
      }
      if (!mismatches.isEmpty()) {
        throw new ReconciliationException(
            "positions differ between ledger and " + broker.name() + ": " + mismatches);
      }
    } catch (BrokerException e) {
      throw new ReconciliationException(
          "cannot reconcile with " + broker.name() + ": " + e.getMessage(), e);
    }
    counters.reconciled();
  }

  private List<String> positionMismatches() throws BrokerException {
    Map<String, Integer> ledgerNet = new TreeMap<>(engine.netBySymbol());
    Map<String, Integer> brokerNet = new TreeMap<>();
    for (BrokerPosition p : broker.positions()) {
      if (p.netQuantity() != 0) {
        brokerNet.merge(p.symbol(), p.netQuantity(), Integer::sum);
      }
    }
    TreeSet<String> symbols = new TreeSet<>(ledgerNet.keySet());
    symbols.addAll(brokerNet.keySet());
    List<String> out = new ArrayList<>();
    for (String symbol : symbols) {
      int l = ledgerNet.getOrDefault(symbol, 0);
      int b = brokerNet.getOrDefault(symbol, 0);
      if (l != b) {
        out.add(symbol + ": ledger " + l + ", broker " + b);
      }
    }
    return out;
  }
}
