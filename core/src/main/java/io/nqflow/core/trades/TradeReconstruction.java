package io.nqflow.core.trades;

import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.market.AverageCostPosition;
import io.nqflow.market.CmeCalendar;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.schemas.AuditDetails;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconstructs the trades of one CME trading day from the audit trail: each entry order with its
 * signal decision, state, fills, bracket legs and exits, and its P&amp;L. ops.audit is the source;
 * exec.events adds what the audit does not carry (slippage, signal-to-fill latency, the contract
 * multiplier from position snapshots).
 */
public final class TradeReconstruction {
  private static final String EXECUTION = "execution";
  private static final String RISK_GATE = "risk-gate";

  private TradeReconstruction() {}

  /**
   * CME trading day of a time (ns since the epoch): the Globex session that opens at 17:00 Chicago
   * time belongs to the next calendar day.
   */
  public static LocalDate tradingDay(long tsNs) {
    return CmeCalendar.tradingDay(tsNs);
  }

  /**
   * The trades whose entry order belongs to trading day {@code day} (by its signal's event time; by
   * its first audit record when the record does not carry it) and the day's control commands.
   * Repeated audit records (delivery is at-least-once) count once.
   *
   * @throws IllegalArgumentException naming the audit record when an execution audit record lacks a
   *     figure the reconstruction needs
   */
  public static TradeDay reconstruct(
      LocalDate day, List<AuditEvent> audit, List<ExecutionEvent> exec) {
    Map<String, AuditEvent> unique = new LinkedHashMap<>();
    for (AuditEvent a : audit) {
      // The deterministic audit id makes repeats recognisable.
      unique.putIfAbsent(a.getAuditId(), a);
    }
    List<AuditEvent> events = new ArrayList<>(unique.values());
    events.sort(Comparator.comparingLong(AuditEvent::getTs));

    Map<String, Fill> execFills = new HashMap<>();
    Map<Long, Double> multipliers = new HashMap<>();
    for (ExecutionEvent e : exec) {
      if (e.getPayload() instanceof Fill f) {
        execFills.putIfAbsent(f.getExecutionId(), f);
      } else if (e.getPayload() instanceof PositionSnapshot p) {
        multipliers.put(p.getInstrumentId(), p.getMultiplierUsd());
      }
    }

    Map<String, OrderRecord> orders = new LinkedHashMap<>();
    Map<String, String> signalRationale = new HashMap<>();
    Set<String> fillIds = new LinkedHashSet<>();
    List<Control> controls = new ArrayList<>();
    for (AuditEvent a : events) {
      String type = a.getEntityType();
      if ("signal".equals(type) && "APPROVED".equals(a.getAction())) {
        signalRationale.putIfAbsent(a.getEntityId(), a.getRationale());
      } else if ("trading_state".equals(type) && RISK_GATE.equals(a.getStage())) {
        // The gate's own state changes: the automatic HALT at the daily loss limit.
        LocalDate haltDay =
            a.getDetails().containsKey(AuditDetails.TRADING_DAY)
                ? AuditFields.date(a, AuditDetails.TRADING_DAY)
                : tradingDay(a.getTs());
        if (haltDay.equals(day)) {
          controls.add(
              new Control(
                  a.getTs(),
                  a.getAction(),
                  a.getEntityId(),
                  RISK_GATE + ":" + a.getDetails().getOrDefault(AuditDetails.VARIANT, "?"),
                  a.getRationale()));
        }
      } else if ("control".equals(type) && "operator".equals(a.getStage())) {
        if (tradingDay(a.getTs()).equals(day)) {
          controls.add(
              new Control(
                  a.getTs(),
                  a.getAction(),
                  AuditFields.string(a, AuditDetails.SCOPE),
                  AuditFields.string(a, AuditDetails.OPERATOR),
                  a.getRationale()));
        }
      } else if ("order".equals(type) && EXECUTION.equals(a.getStage())) {
        orders.computeIfAbsent(a.getEntityId(), OrderRecord::new).apply(a);
      } else if ("fill".equals(type) && EXECUTION.equals(a.getStage())) {
        if (fillIds.add(a.getEntityId())) {
          TradeFill f = fill(a, execFills.get(a.getEntityId()));
          orders.computeIfAbsent(f.clientOrderId(), OrderRecord::new).fills.add(f);
        }
      }
    }

    ExitPairing.pair(orders.values());
    Map<String, List<OrderRecord>> legsByParent = new LinkedHashMap<>();
    for (OrderRecord o : orders.values()) {
      if (o.parent != null) {
        legsByParent.computeIfAbsent(o.parent, k -> new ArrayList<>()).add(o);
      }
    }
    List<Trade> trades = new ArrayList<>();
    for (OrderRecord o : orders.values()) {
      if (o.parent != null || !o.described || !tradingDay(o.dayTs()).equals(day)) {
        continue;
      }
      List<OrderRecord> legs =
          new ArrayList<>(legsByParent.getOrDefault(o.clientOrderId, List.of()));
      // Bracket legs first, then exits in the order they acted.
      legs.sort(
          Comparator.comparing((OrderRecord l) -> "EXIT".equals(l.role))
              .thenComparingLong(OrderRecord::firstFillTs));
      trades.add(trade(o, legs, signalRationale.get(o.signalId), multipliers.get(o.instrumentId)));
    }
    return new TradeDay(day, trades, controls);
  }

  private static TradeFill fill(AuditEvent a, Fill execFill) {
    return new TradeFill(
        a.getEntityId(),
        AuditFields.string(a, AuditDetails.CLIENT_ORDER_ID),
        AuditFields.string(a, AuditDetails.ROLE),
        AuditFields.string(a, AuditDetails.SIDE),
        AuditFields.intValue(a, AuditDetails.QUANTITY),
        AuditFields.longValue(a, AuditDetails.PRICE),
        AuditFields.doubleValue(a, AuditDetails.FEE_USD),
        a.getTs(),
        execFill == null ? null : execFill.getSlippageUsd(),
        execFill == null ? null : execFill.getSignalToFillNs());
  }

  private static Trade trade(
      OrderRecord entry, List<OrderRecord> legs, String rationale, Double multiplier) {
    List<TradeFill> all = new ArrayList<>(entry.fills);
    legs.forEach(l -> all.addAll(l.fills));
    all.sort(Comparator.comparingLong(TradeFill::ts));
    double fees = 0;
    for (TradeFill f : all) {
      fees += f.feeUsd();
    }
    // Points first (multiplier 1): the multiplier may be unknown, and fees are the trade's.
    AverageCostPosition position = new AverageCostPosition(1.0);
    double realizedPoints = 0;
    for (TradeFill f : all) {
      if (f.quantity() != 0) { // a fill of nothing moves nothing
        realizedPoints += position.apply(f.signed(), f.price()).realizedPoints();
      }
    }
    Double realized = multiplier == null ? null : realizedPoints * multiplier - fees;
    return new Trade(
        entry.toOrder(),
        legs.stream().map(OrderRecord::toOrder).toList(),
        rationale,
        multiplier,
        position.quantity(),
        realized,
        fees);
  }
}
