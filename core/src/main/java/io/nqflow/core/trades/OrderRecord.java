package io.nqflow.core.trades;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.schemas.AuditDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An order while its audit records are read: what was asked, the state reached, the fills. */
final class OrderRecord {
  private static final List<String> STATE_ORDER =
      List.of("PENDING_NEW", "SENT", "ACCEPTED", "PARTIALLY_FILLED", "FILLED");
  private static final Set<String> TERMINAL = Set.of("FILLED", "CANCELLED", "REJECTED");

  final String clientOrderId;
  String parent;
  String role;
  String signalId;
  String variant;
  String symbol;
  long instrumentId;
  String side;
  int quantity;
  long price;
  String state = "PENDING_NEW";
  String reason;
  long firstTs = Long.MAX_VALUE;
  Long tsSignal;
  int duplicatesRefused;
  boolean described;
  final List<TradeFill> fills = new ArrayList<>();

  OrderRecord(String clientOrderId) {
    this.clientOrderId = clientOrderId;
  }

  /** Applies one order audit record of the execution service. */
  void apply(AuditEvent a) {
    firstTs = Math.min(firstTs, a.getTs());
    String action = a.getAction();
    if ("DUPLICATE_REFUSED".equals(action)) {
      duplicatesRefused++;
      return;
    }
    if (!described) {
      describe(a);
    }
    if (TERMINAL.contains(state) && !"FILLED".equals(action)) {
      return;
    }
    if ("CANCELLED".equals(action) || "REJECTED".equals(action)) {
      state = action;
      reason = a.getRationale();
    } else if (STATE_ORDER.contains(action)
        && STATE_ORDER.indexOf(action) > STATE_ORDER.indexOf(state)) {
      state = action;
    }
  }

  private void describe(AuditEvent a) {
    role = AuditFields.string(a, AuditDetails.ROLE);
    signalId = AuditFields.string(a, AuditDetails.SIGNAL_ID);
    variant = AuditFields.string(a, AuditDetails.VARIANT);
    symbol = AuditFields.string(a, AuditDetails.SYMBOL);
    instrumentId = AuditFields.longValue(a, AuditDetails.INSTRUMENT_ID);
    side = AuditFields.string(a, AuditDetails.SIDE);
    quantity = AuditFields.intValue(a, AuditDetails.QUANTITY);
    price = AuditFields.longValue(a, AuditDetails.PRICE);
    tsSignal =
        a.getDetails().containsKey(AuditDetails.TS_SIGNAL)
            ? AuditFields.longValue(a, AuditDetails.TS_SIGNAL)
            : null;
    parent = a.getDetails().get(AuditDetails.PARENT_CLIENT_ORDER_ID);
    if (parent == null && !"ENTRY".equals(role)) {
      // Exits placed by the service name their entry in the id: "<entry>/EX".
      int slash = clientOrderId.lastIndexOf('/');
      parent = slash > 0 ? clientOrderId.substring(0, slash) : null;
    }
    described = true;
  }

  /**
   * The time that places the order on a trading day: its signal's event time (market time, so a
   * paper run over recorded data lands on the recorded day), else its first audit record.
   */
  long dayTs() {
    return tsSignal != null ? tsSignal : firstTs;
  }

  long firstFillTs() {
    return fills.stream().mapToLong(TradeFill::ts).min().orElse(Long.MAX_VALUE);
  }

  /** When an exit acted: its first fill, else its signal; null when neither is known. */
  Long actedAt() {
    return fills.isEmpty() ? tsSignal : firstFillTs();
  }

  TradeOrder toOrder() {
    return new TradeOrder(
        clientOrderId,
        parent,
        role,
        signalId,
        variant,
        symbol,
        instrumentId,
        side,
        quantity,
        price,
        state,
        reason,
        duplicatesRefused,
        fills);
  }
}
