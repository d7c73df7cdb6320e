package io.nqflow.risk;

import io.nqflow.core.ids.Ids;
import io.nqflow.market.Prices;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.risk.book.BookKeeper;
import io.nqflow.risk.book.Usd;
import io.nqflow.risk.rules.Bracket;
import io.nqflow.risk.rules.SignalContext;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.signals.v1.Opportunity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a decided signal or opportunity into its outputs: an approval becomes an {@link
 * OrderIntent} and pending exposure in the book, a rejection a {@link RiskDecision} naming every
 * failed rule; both are audited.
 */
final class SignalDecisions implements Serializable {
  private final RiskSettings s;
  private final GateAudits audits;
  private final BookKeeper keeper;

  SignalDecisions(RiskSettings settings, GateAudits audits, BookKeeper keeper) {
    this.s = settings;
    this.audits = audits;
    this.keeper = keeper;
  }

  void approve(RiskBook b, SignalContext c, long nowNs, RiskEmitter out) {
    boolean exit = c.exit();
    int quantity = c.quantity();
    Bracket k = c.bracket();
    String cid = Ids.clientOrderId(s.variant(), c.id());
    long ts = c.ts();
    double riskUsd = exit ? 0.0 : Usd.of(k.limit() - k.stop(), quantity, c.multiplierUsd());
    PendingOrder p = new PendingOrder();
    p.clientOrderId = cid;
    p.instrumentId = c.instrument();
    p.side = c.side();
    p.quantity = quantity;
    p.limitPrice = k.limit();
    p.stopPrice = k.stop();
    p.multiplierUsd = c.multiplierUsd();
    p.reduceOnly = exit;
    p.tsSignal = ts;
    keeper.recordApproval(b, p);
    String rationale = rationale(b, c, quantity, riskUsd);
    OpportunityMark confirming = c.confirmation();
    OrderIntent intent =
        OrderIntent.newBuilder()
            .setClientOrderId(cid)
            .setSignalId(c.id())
            .setVariant(s.variant())
            .setAccount(s.account())
            .setInstrumentId(c.instrument())
            .setRawSymbol(c.rawSymbol())
            .setUnderlying(c.underlying())
            .setSide(c.side())
            .setQuantity(quantity)
            .setLimitPrice(k.limit())
            .setStopLossPrice(k.stop())
            .setProfitTargetPrice(k.target())
            .setMultiplierUsd(c.multiplierUsd())
            .setReduceOnly(exit)
            .setSignalPrice(k.reference())
            .setTsSignal(ts)
            .setTsDecision(nowNs)
            .setRiskUsd(riskUsd)
            .setRationale(rationale)
            .setSource(c.source())
            .setConfirmingOpportunityId(confirming == null ? null : confirming.opportunityId)
            .build();
    out.approved(intent);
    Map<String, String> d = audits.figures(b);
    d.put(AuditDetails.CLIENT_ORDER_ID, cid);
    d.put(AuditDetails.SIDE, c.side().toString());
    d.put(AuditDetails.QUANTITY, Integer.toString(quantity));
    d.put(AuditDetails.LIMIT_PRICE, Double.toString(Prices.toDouble(k.limit())));
    d.put(AuditDetails.STOP_LOSS_PRICE, Double.toString(Prices.toDouble(k.stop())));
    d.put(AuditDetails.PROFIT_TARGET_PRICE, Double.toString(Prices.toDouble(k.target())));
    d.put(AuditDetails.RISK_USD, Usd.text(riskUsd));
    d.put(AuditDetails.REDUCE_ONLY, Boolean.toString(exit));
    sourceDetails(c, d);
    out.audit(audits.audit(entityType(c), c.id(), "APPROVED", nowNs, rationale, d, "signal"));
  }

  void reject(RiskBook b, SignalContext c, List<RuleViolation> v, long nowNs, RiskEmitter out) {
    OpportunityMark confirming = c.confirmation();
    RiskDecision decision =
        RiskDecision.newBuilder()
            .setDecisionId(Ids.of("dec", s.variant(), c.id()))
            .setSignalId(c.id())
            .setVariant(s.variant())
            .setAccount(s.account())
            .setInstrumentId(c.instrument())
            .setApproved(false)
            .setTradingState(b.tradingState)
            .setViolations(v)
            .setTsSignal(c.ts())
            .setTsDecision(nowNs)
            .setSource(c.source())
            .setConfirmingOpportunityId(confirming == null ? null : confirming.opportunityId)
            .build();
    out.rejected(decision);
    StringBuilder why = new StringBuilder("rejected:");
    Map<String, String> d = audits.figures(b);
    List<String> rules = new ArrayList<>();
    for (RuleViolation r : v) {
      why.append(' ').append(r.getRule()).append(" (").append(r.getDetail()).append(");");
      rules.add(r.getRule());
    }
    d.put(AuditDetails.RULES, String.join(",", rules));
    sourceDetails(c, d);
    out.audit(audits.audit(entityType(c), c.id(), "REJECTED", nowNs, why.toString(), d, "signal"));
  }

  /** The audit entity type of a decision: {@code signal} or {@code opportunity}. */
  static String entityType(SignalContext c) {
    return c.signal() != null ? "signal" : "opportunity";
  }

  /** What was decided, and what confirmed or qualified it. */
  private static void sourceDetails(SignalContext c, Map<String, String> d) {
    d.put(AuditDetails.DECISION_SOURCE, c.source().toString());
    if (c.micro() != null) {
      c.micro().details(c.signal(), d);
    }
    if (c.confirmation() != null) {
      d.put(AuditDetails.CONFIRMING_OPPORTUNITY_ID, c.confirmation().opportunityId);
    }
    Opportunity o = c.opportunity();
    if (o != null) {
      d.put(AuditDetails.PROBABILITY, Double.toString(o.getProbability()));
      d.put(AuditDetails.EXPECTED_VALUE_POINTS, Double.toString(o.getExpectedValuePoints()));
    }
  }

  private static String rationale(RiskBook b, SignalContext c, int quantity, double riskUsd) {
    Bracket k = c.bracket();
    if (c.exit()) {
      return String.format(
          Locale.ROOT,
          "SELL %d %s at %s to exit a long position (reduce only); state %s%s",
          quantity,
          c.rawSymbol(),
          Prices.toDouble(k.limit()),
          b.tradingState,
          c.micro() == null ? "" : "; " + c.micro().describe(c.signal()));
    }
    String why;
    if (c.opportunity() != null) {
      Opportunity o = c.opportunity();
      why =
          String.format(
              Locale.ROOT,
              "%s opportunity %s, probability %.3f, EV %.2f points",
              o.getDirection(),
              o.getOpportunityId(),
              o.getProbability(),
              o.getExpectedValuePoints());
    } else {
      why = c.signal().getConfidence() + " " + c.signal().getDirection() + " flow";
      if (c.confirmation() != null) {
        why += ", confirmed by opportunity " + c.confirmation().opportunityId;
      }
    }
    if (c.micro() != null) {
      why += "; " + c.micro().describe(c.signal());
    }
    return String.format(
        Locale.ROOT,
        "BUY %d %s at %s, stop %s, target %s, risk $%.2f; %s, all limits hold",
        quantity,
        c.rawSymbol(),
        Prices.toDouble(k.limit()),
        Prices.toDouble(k.stop()),
        Prices.toDouble(k.target()),
        riskUsd,
        why);
  }
}
