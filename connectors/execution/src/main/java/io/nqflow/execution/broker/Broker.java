package io.nqflow.execution.broker;

import io.nqflow.md.v1.MarketEvent;
import java.util.List;
import java.util.Optional;

/**
 * The only way the execution service talks to a venue. Implementations: {@link PaperBroker} (shadow
 * fills against the live book) and {@link TradovateBroker} (REST). Calls come from one thread at a
 * time.
 */
public interface Broker extends AutoCloseable {

  /** Adapter name written on exec.events, e.g. {@code paper}. */
  String name();

  /**
   * Places an entry order with its bracket (stop-loss and profit target sent when the entry fills,
   * one cancels the other), or a plain exit when the request has no bracket.
   *
   * @throws BrokerException.Rejected when the broker refused the order (nothing is working)
   * @throws BrokerException when the outcome is unknown (the order may or may not be working)
   */
  Placement place(OrderRequest request) throws BrokerException;

  /** Cancels a working order; cancelling a finished order is a no-op. */
  void cancel(String brokerOrderId) throws BrokerException;

  /** The order placed with this client order id, with its bracket legs, if the broker has it. */
  Optional<Placement> findByClientOrderId(String clientOrderId) throws BrokerException;

  /**
   * Current status of an order.
   *
   * @throws BrokerException.NotFound when the broker does not know the id
   */
  BrokerOrder order(String brokerOrderId) throws BrokerException;

  /** Every execution of an order so far, in execution order. */
  List<BrokerFill> fills(String brokerOrderId) throws BrokerException;

  /** Net positions of the account, one per symbol with a non-zero position. */
  List<BrokerPosition> positions() throws BrokerException;

  /** Market data as it arrives from md.events; the paper broker matches against it. */
  default void onMarketEvent(MarketEvent event) {}

  /** Whether fills depend on market events fed through {@link #onMarketEvent}. */
  default boolean simulated() {
    return false;
  }

  @Override
  default void close() {}
}
