package io.nqflow.execution.engine;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.execution.broker.BrokerOrder;
import io.nqflow.execution.broker.OrderLeg;
import io.nqflow.execution.broker.OrderRequest;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.orders.v1.OrderIntent;

/** Ledger rows for new orders: an approved intent, a bracket leg, and the request to place one. */
final class NewOrders {
  private NewOrders() {}

  /** The PENDING_NEW row of an intent: an entry with its bracket, or a reduce-only exit. */
  static LedgerOrder fromIntent(OrderIntent i, long now) {
    boolean exit = i.getReduceOnly();
    return new LedgerOrder(
        i.getClientOrderId(),
        null,
        exit ? OrderRole.EXIT : OrderRole.ENTRY,
        i.getSignalId(),
        i.getVariant(),
        i.getAccount(),
        i.getInstrumentId(),
        i.getRawSymbol(),
        i.getSide(),
        i.getQuantity(),
        i.getLimitPrice(),
        exit ? null : i.getStopLossPrice(),
        exit ? null : i.getProfitTargetPrice(),
        i.getMultiplierUsd(),
        exit,
        i.getSignalPrice(),
        i.getTsSignal(),
        OrderState.PENDING_NEW,
        null,
        0,
        null,
        now,
        now);
  }

  /** The ACCEPTED row of a bracket leg the broker holds for {@code entry}. */
  static LedgerOrder leg(LedgerOrder entry, OrderLeg leg, BrokerOrder b, long now) {
    OrderSide exitSide = entry.side() == OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
    long price = leg == OrderLeg.STOP_LOSS ? entry.stopLossPrice() : entry.profitTargetPrice();
    return new LedgerOrder(
        OrderRequest.legClientOrderId(entry.clientOrderId(), leg),
        entry.clientOrderId(),
        leg.role(),
        entry.signalId(),
        entry.variant(),
        entry.account(),
        entry.instrumentId(),
        entry.symbol(),
        exitSide,
        entry.quantity(),
        price,
        null,
        null,
        entry.multiplierUsd(),
        true,
        null,
        entry.tsSignal(),
        OrderState.ACCEPTED,
        b.brokerOrderId(),
        0,
        null,
        now,
        now);
  }

  /** What the broker is asked to place for a ledger order. */
  static OrderRequest request(LedgerOrder order) {
    return new OrderRequest(
        order.clientOrderId(),
        order.instrumentId(),
        order.symbol(),
        order.side(),
        order.quantity(),
        order.price(),
        order.stopLossPrice(),
        order.profitTargetPrice(),
        order.tsSignal());
  }
}
