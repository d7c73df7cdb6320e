package io.nqflow.risk.audit;

import io.nqflow.common.v1.DecisionSource;
import io.nqflow.core.ids.Ids;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.book.Exposure;
import io.nqflow.risk.book.Usd;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the gate's ops.audit events: deterministic ids per variant, entity and occasion, and the
 * account figures every decision and state change carries.
 */
public final class GateAudits implements Serializable {
  /** The stage name in audit events and dead letters. */
  public static final String STAGE = "risk-gate";

  private final RiskSettings s;

  public GateAudits(RiskSettings settings) {
    this.s = settings;
  }

  /**
   * One audit event; its id is derived from the variant, the entity and {@code discriminator}, so a
   * replayed decision gets the same id.
   */
  public AuditEvent audit(
      String entityType,
      String entityId,
      String action,
      long nowNs,
      String rationale,
      Map<String, String> details,
      String discriminator) {
    return AuditEvent.newBuilder()
        .setAuditId(Ids.of("aud", s.variant(), entityType, entityId, discriminator))
        .setStage(STAGE)
        .setEntityType(entityType)
        .setEntityId(entityId)
        .setAction(action)
        .setTs(nowNs)
        .setRationale(rationale)
        .setDetails(details)
        .build();
  }

  /** The account's state and exposure now, the common part of decision and state audits. */
  public Map<String, String> figures(RiskBook b) {
    Exposure x = Exposure.of(b);
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.VARIANT, s.variant());
    d.put(AuditDetails.ACCOUNT, s.account());
    d.put(AuditDetails.TRADING_STATE, b.tradingState.toString());
    d.put(AuditDetails.TRADING_DAY, b.tradingDay);
    d.put(AuditDetails.DAILY_PNL_USD, Usd.text(BookKeeper.dailyPnl(b)));
    d.put(AuditDetails.REALIZED_USD, Usd.text(b.realizedTodayUsd));
    d.put(AuditDetails.CONTRACTS_OPEN_OR_PENDING, Integer.toString(x.totalContracts()));
    d.put(AuditDetails.RISK_TO_STOPS_USD, Usd.text(x.riskUsd()));
    d.put(AuditDetails.PENDING_ORDERS, Integer.toString(b.pending.size()));
    return d;
  }

  /** Audits an opportunity that was dropped because its id had been seen before. */
  public AuditEvent duplicate(Opportunity o, long nowNs) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.VARIANT, s.variant());
    d.put(AuditDetails.TS_SIGNAL, Long.toString(o.getTsEvent()));
    d.put(AuditDetails.DECISION_SOURCE, DecisionSource.OPPORTUNITY.toString());
    return audit(
        "opportunity",
        o.getOpportunityId(),
        "DUPLICATE_DROPPED",
        nowNs,
        "opportunity id seen before; at-least-once redelivery never yields a second decision",
        d,
        "duplicate");
  }

  /** Audits a signal that was dropped because its id had been decided before. */
  public AuditEvent duplicate(FlowSignal sig, long nowNs) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.VARIANT, s.variant());
    d.put(AuditDetails.TS_SIGNAL, Long.toString(sig.getTsEvent()));
    return audit(
        "signal",
        sig.getSignalId(),
        "DUPLICATE_DROPPED",
        nowNs,
        "signal id seen before; at-least-once redelivery never yields a second order",
        d,
        "duplicate");
  }

  /**
   * Audits a signal or opportunity that is not decided again because the execution service already
   * reported its order: it was approved before the gate restored from a checkpoint, and deciding it
   * again (with the order's own fill already in the book) could reject what was traded.
   */
  public AuditEvent alreadyOrdered(
      String entityType, String entityId, long tsSignal, String clientOrderId, long nowNs) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.VARIANT, s.variant());
    d.put(AuditDetails.TS_SIGNAL, Long.toString(tsSignal));
    d.put("client_order_id", clientOrderId);
    return audit(
        entityType,
        entityId,
        "DUPLICATE_DROPPED",
        nowNs,
        "its order "
            + clientOrderId
            + " is already known to the execution service: decided before a restore, not again",
        d,
        "duplicate");
  }
}
