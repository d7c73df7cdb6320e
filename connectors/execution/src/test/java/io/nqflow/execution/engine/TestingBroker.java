package io.nqflow.execution.engine;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.execution.broker.Broker;
import io.nqflow.execution.broker.BrokerException;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.broker.BrokerOrder;
import io.nqflow.execution.broker.BrokerOrderStatus;
import io.nqflow.execution.broker.BrokerPosition;
import io.nqflow.execution.broker.OrderLeg;
import io.nqflow.execution.broker.OrderRequest;
import io.nqflow.execution.broker.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A broker whose orders fill only when the test says so. Bracket legs are held PENDING with the
 * entry and work once it fills; cancelling an entry ends its legs; there is no OCO, so the engine
 * must cancel what is left when a position goes flat.
 */
final class TestingBroker implements Broker {
  private static final class Order {
    final String brokerOrderId;
    final OrderRequest request;
    final String parentBrokerOrderId;
    BrokerOrderStatus status;
    int filled;
    final List<BrokerFill> fills = new ArrayList<>();

    Order(String id, OrderRequest request, String parent, BrokerOrderStatus status) {
      this.brokerOrderId = id;
      this.request = request;
      this.parentBrokerOrderId = parent;
      this.status = status;
    }
  }

  final List<OrderRequest> placed = new ArrayList<>();
  final List<String> cancelled = new ArrayList<>();
  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final Map<String, Placement> byClientOrderId = new LinkedHashMap<>();
  private final Map<String, Integer> foreign = new LinkedHashMap<>();
  private int nextId = 1;
  private long clock = 1_750_000_000_000_000_000L;
  private String rejectNext;
  private boolean loseNextAnswer;
  private boolean unreachable;

  @Override
  public String name() {
    return "testing";
  }

  /** The next order is refused with {@code reason}. */
  void rejectNext(String reason) {
    rejectNext = reason;
  }

  /** The next order is placed, but the answer is lost on the way back (outcome unknown). */
  void loseNextAnswer() {
    loseNextAnswer = true;
  }

  /** Every call fails with an outcome-unknown error while set. */
  void unreachable(boolean value) {
    unreachable = value;
  }

  /** A position the ledger never saw, reported beside the broker's own. */
  void foreignPosition(String symbol, int quantity) {
    foreign.put(symbol, quantity);
  }

  /** Forgets an order, as a broker that lost it would. */
  void forget(String brokerOrderId) {
    orders.remove(brokerOrderId);
  }

  /** Broker id of the order (or bracket leg) with this client order id. */
  String brokerId(String clientOrderId) {
    return orders.values().stream()
        .filter(o -> o.request.clientOrderId().equals(clientOrderId))
        .findFirst()
        .orElseThrow()
        .brokerOrderId;
  }

  /** Fills {@code quantity} of a working order at {@code price}; an entry's legs start working. */
  void fill(String clientOrderId, int quantity, long price) {
    Order o = orders.get(brokerId(clientOrderId));
    if (o.status != BrokerOrderStatus.WORKING) {
      throw new IllegalStateException(clientOrderId + " is " + o.status);
    }
    clock += 1_000_000;
    o.fills.add(
        new BrokerFill(
            o.brokerOrderId + "-x" + (o.fills.size() + 1),
            o.brokerOrderId,
            o.request.side(),
            quantity,
            price,
            clock));
    o.filled += quantity;
    if (o.filled >= o.request.quantity()) {
      o.status = BrokerOrderStatus.FILLED;
      for (Order leg : orders.values()) {
        if (o.brokerOrderId.equals(leg.parentBrokerOrderId)) {
          leg.status = BrokerOrderStatus.WORKING;
        }
      }
    }
  }

  private void check(String call) throws BrokerException {
    if (unreachable) {
      throw new BrokerException("testing " + call + ": unreachable");
    }
  }

  @Override
  public Placement place(OrderRequest r) throws BrokerException {
    check("place");
    placed.add(r);
    if (rejectNext != null) {
      String reason = rejectNext;
      rejectNext = null;
      throw new BrokerException.Rejected(reason);
    }
    Order entry = register(r, null, BrokerOrderStatus.WORKING);
    Optional<BrokerOrder> stop = Optional.empty();
    Optional<BrokerOrder> target = Optional.empty();
    if (r.bracketed()) {
      OrderSide exit = r.side() == OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
      stop = Optional.of(view(legOf(r, entry, OrderLeg.STOP_LOSS, exit, r.stopLossPrice())));
      target =
          Optional.of(view(legOf(r, entry, OrderLeg.PROFIT_TARGET, exit, r.profitTargetPrice())));
    }
    Placement p = new Placement(view(entry), stop, target);
    byClientOrderId.put(r.clientOrderId(), p);
    if (loseNextAnswer) {
      loseNextAnswer = false;
      throw new BrokerException("testing place: connection reset after sending");
    }
    return p;
  }

  private Order legOf(OrderRequest r, Order entry, OrderLeg leg, OrderSide side, long price) {
    OrderRequest lr =
        new OrderRequest(
            OrderRequest.legClientOrderId(r.clientOrderId(), leg),
            r.instrumentId(),
            r.symbol(),
            side,
            r.quantity(),
            price,
            null,
            null);
    return register(lr, entry.brokerOrderId, BrokerOrderStatus.PENDING);
  }

  private Order register(OrderRequest r, String parent, BrokerOrderStatus status) {
    Order o = new Order("B" + nextId++, r, parent, status);
    orders.put(o.brokerOrderId, o);
    return o;
  }

  private static BrokerOrder view(Order o) {
    return new BrokerOrder(o.brokerOrderId, o.request.clientOrderId(), o.status, "");
  }

  @Override
  public void cancel(String brokerOrderId) throws BrokerException {
    check("cancel");
    Order o = get(brokerOrderId);
    cancelled.add(brokerOrderId);
    if (o.status.terminal()) {
      return;
    }
    o.status = BrokerOrderStatus.CANCELLED;
    for (Order leg : orders.values()) {
      if (brokerOrderId.equals(leg.parentBrokerOrderId) && !leg.status.terminal()) {
        leg.status = BrokerOrderStatus.CANCELLED;
      }
    }
  }

  @Override
  public Optional<Placement> findByClientOrderId(String clientOrderId) throws BrokerException {
    check("find");
    return Optional.ofNullable(byClientOrderId.get(clientOrderId));
  }

  @Override
  public BrokerOrder order(String brokerOrderId) throws BrokerException {
    check("order");
    return view(get(brokerOrderId));
  }

  @Override
  public List<BrokerFill> fills(String brokerOrderId) throws BrokerException {
    check("fills");
    return List.copyOf(get(brokerOrderId).fills);
  }

  @Override
  public List<BrokerPosition> positions() throws BrokerException {
    check("positions");
    Map<String, Integer> net = new LinkedHashMap<>(foreign);
    for (Order o : orders.values()) {
      for (BrokerFill f : o.fills) {
        int signed = f.side() == OrderSide.BUY ? f.quantity() : -f.quantity();
        net.merge(o.request.symbol(), signed, Integer::sum);
      }
    }
    List<BrokerPosition> out = new ArrayList<>();
    net.forEach(
        (symbol, q) -> {
          if (q != 0) {
            out.add(new BrokerPosition(symbol, q));
          }
        });
    return out;
  }

  private Order get(String brokerOrderId) throws BrokerException.NotFound {
    Order o = orders.get(brokerOrderId);
    if (o == null) {
      throw new BrokerException.NotFound("testing: no order " + brokerOrderId);
    }
    return o;
  }
}
