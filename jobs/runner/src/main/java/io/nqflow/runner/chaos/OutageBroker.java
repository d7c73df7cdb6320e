package io.nqflow.runner.chaos;

import io.nqflow.execution.broker.Broker;
import io.nqflow.execution.broker.BrokerException;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.broker.BrokerOrder;
import io.nqflow.execution.broker.OrderRequest;
import io.nqflow.execution.broker.Placement;
import io.nqflow.md.v1.MarketEvent;
import java.util.List;
import java.util.Optional;

/**
 * A broker whose API can be taken down: while down every call fails with a {@link BrokerException}
 * (as a timed-out or refused REST call does), before it reaches the broker, so nothing is placed or
 * cancelled. Market data keeps reaching the wrapped broker: the market does not stop when its API
 * does.
 */
public final class OutageBroker implements Broker {
  private final Broker delegate;
  private volatile boolean down;
  private volatile long refusedCalls;
  private final java.util.Map<String, Integer> placeCalls =
      new java.util.concurrent.ConcurrentHashMap<>();

  public OutageBroker(Broker delegate) {
    this.delegate = delegate;
  }

  /** Takes the API down (true) or brings it back (false). */
  public void down(boolean value) {
    down = value;
  }

  /** Calls refused during outages so far. */
  public long refusedCalls() {
    return refusedCalls;
  }

  /** How many placements reached the broker per client order id. */
  public java.util.Map<String, Integer> placeCalls() {
    return java.util.Map.copyOf(placeCalls);
  }

  /** Where an armed crash kills the calling service. */
  public enum CrashPoint {
    /** After the ledger says SENT, before the broker receives the order. */
    BEFORE_PLACE,
    /** After the broker accepted the order, before the ledger records it. */
    AFTER_PLACE
  }

  /** Stands for the process dying inside a broker call: nothing after it runs. */
  static final class Killed extends Error {
    Killed(String message) {
      super(message);
    }
  }

  private volatile CrashPoint armedAt;
  private volatile Runnable crash;
  private volatile String crashedAt;

  /**
   * At the next placement, at {@code point}, runs {@code crash} (which cuts the ledger as a crash
   * does) and kills the calling thread with an {@link Error} the service does not handle.
   */
  public void armCrash(CrashPoint point, Runnable crash) {
    this.crash = crash;
    this.crashedAt = null;
    this.armedAt = point;
  }

  /** Removes an armed crash that did not fire; returns where one fired, or null. */
  public String disarm() {
    armedAt = null;
    return crashedAt;
  }

  private void crashIf(CrashPoint point, String clientOrderId) {
    if (armedAt == point) {
      armedAt = null;
      crashedAt = point + " " + clientOrderId;
      crash.run();
      throw new Killed("killed " + point + " of " + clientOrderId);
    }
  }

  private void check(String call) throws BrokerException {
    if (down) {
      refusedCalls++;
      throw new BrokerException(delegate.name() + " " + call + ": timed out (broker API outage)");
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
    crashIf(CrashPoint.BEFORE_PLACE, request.clientOrderId());
    placeCalls.merge(request.clientOrderId(), 1, Integer::sum);
    Placement p = delegate.place(request);
    crashIf(CrashPoint.AFTER_PLACE, request.clientOrderId());
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
    return delegate.fills(brokerOrderId);
  }

  @Override
  public List<io.nqflow.execution.broker.BrokerPosition> positions() throws BrokerException {
    check("positions");
    return delegate.positions();
  }

  @Override
  public void onMarketEvent(MarketEvent event) {
    delegate.onMarketEvent(event);
  }
}
