package io.nqflow.execution;

import io.nqflow.execution.broker.Broker;
import io.nqflow.execution.broker.BrokerException;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.broker.BrokerOrder;
import io.nqflow.execution.broker.BrokerPosition;
import io.nqflow.execution.broker.OrderRequest;
import io.nqflow.execution.broker.Placement;
import io.nqflow.md.v1.MarketEvent;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a broker and kills the calling service at a chosen point by throwing an {@link Error} the
 * service does not handle, makes the broker unreachable, or adds a position the ledger never saw.
 */
final class TestingCrashingBroker implements Broker {
  enum Point {
    NONE,
    /** After the ledger says SENT, before the broker receives the order. */
    BEFORE_PLACE,
    /** After the broker accepted the order, before the ledger records the acknowledgement. */
    AFTER_PLACE,
    /** After the broker reported fills, before the ledger records them. */
    AFTER_FILLS
  }

  /** Stands for the process dying: nothing after it runs. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String message) {
      super(message);
    }
  }

  private final Broker delegate;
  private volatile Point crashAt = Point.NONE;
  private volatile boolean unreachable;
  private volatile BrokerPosition foreign;

  TestingCrashingBroker(Broker delegate) {
    this.delegate = delegate;
  }

  void crashAt(Point point) {
    crashAt = point;
  }

  void unreachable(boolean value) {
    unreachable = value;
  }

  /** A position someone else opened in the account, reported beside the delegate's. */
  void foreignPosition(String symbol, int quantity) {
    foreign = new BrokerPosition(symbol, quantity);
  }

  private void check(String call) throws BrokerException {
    if (unreachable) {
      throw new BrokerException("paper " + call + ": connection refused (testing)");
    }
  }

  private void crashIf(Point point) {
    if (crashAt == point) {
      crashAt = Point.NONE;
      throw new SimulatedCrash("killed at " + point);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean simulated() {
    return delegate.simulated();
  }

  @Override
  public Placement place(OrderRequest request) throws BrokerException {
    check("place");
    crashIf(Point.BEFORE_PLACE);
    Placement p = delegate.place(request);
    crashIf(Point.AFTER_PLACE);
    return p;
  }

  @Override
  public void cancel(String brokerOrderId) throws BrokerException {
    check("cancel");
    delegate.cancel(brokerOrderId);
  }

  @Override
  public Optional<Placement> findByClientOrderId(String clientOrderId) throws BrokerException {
    check("find");
    return delegate.findByClientOrderId(clientOrderId);
  }

  @Override
  public BrokerOrder order(String brokerOrderId) throws BrokerException {
    check("order");
    return delegate.order(brokerOrderId);
  }

  @Override
  public List<BrokerFill> fills(String brokerOrderId) throws BrokerException {
    check("fills");
    List<BrokerFill> fills = delegate.fills(brokerOrderId);
    if (!fills.isEmpty()) {
      crashIf(Point.AFTER_FILLS);
    }
    return fills;
  }

  @Override
  public List<BrokerPosition> positions() throws BrokerException {
    check("positions");
    List<BrokerPosition> positions = new java.util.ArrayList<>(delegate.positions());
    if (foreign != null) {
      positions.add(foreign);
    }
    return positions;
  }

  @Override
  public void onMarketEvent(MarketEvent event) {
    delegate.onMarketEvent(event);
  }
}
