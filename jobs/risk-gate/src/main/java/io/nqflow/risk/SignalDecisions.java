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
import io.nqflow.signals.v1.FlowSignal;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a decided signal into its outputs: an approval becomes an {@link OrderIntent} and pending
 * exposure in the book, a rejection a {@link RiskDecision} naming every failed rule; both are
 * audited.
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
    FlowSignal sig = c.signal();
    boolean exit = c.exit();
    int quantity = c.quantity();
    Bracket k = c.bracket();
    String cid = Ids.clientOrderId(s.variant(), sig.getSignalId());
    long ts = sig.getTsEvent();
    double riskUsd = exit ? 0.0 : Usd.of(k.limit() - k.stop(), quantity, c.multiplierUsd());
    PendingOrder p = new PendingOrder();
    p.clientOrderId = cid;
    p.instrumentId = sig.getInstrumentId();
    p.side = c.side();
    p.quantity = quantity;
    p.limitPrice = k.limit();
    p.stopPrice = k.stop();
    p.multiplierUsd = c.multiplierUsd();
    p.reduceOnly = exit;
    p.tsSignal = ts;
    keeper.recordApproval(b, p);
    String rationale =
        exit
            ? String.format(
                Locale.ROOT,
                "SELL %d %s at %s to exit a long position (reduce only); state %s",
                quantity,
                sig.getRawSymbol(),
                Prices.toDouble(k.limit()),
                b.tradingState)
            : String.format(
                Locale.ROOT,
                "BUY %d %s at %s, stop %s, target %s, risk $%.2f; %s %s flow, all limits hold",
                quantity,
                sig.getRawSymbol(),
                Prices.toDouble(k.limit()),
                Prices.toDouble(k.stop()),
                Prices.toDouble(k.target()),
                riskUsd,
                sig.getConfidence(),
                sig.getDirection());
    OrderIntent intent =
        OrderIntent.newBuilder()
            .setClientOrderId(cid)
            .setSignalId(sig.getSignalId())
            .setVariant(s.variant())
            .setAccount(s.account())
            .setInstrumentId(sig.getInstrumentId())
            .setRawSymbol(sig.getRawSymbol())
            .setUnderlying(sig.getUnderlying())
            .setSide(c.side())
            .setQuantity(quantity)
            .setLimitPrice(k.limit())
            .setStopLossPrice(k.stop())
            .setProfitTargetPrice(k.target())
            .setMultiplierUsd(c.multiplierUsd())
            .setReduceOnly(exit)
            .setSignalPrice(sig.getReferencePrice())
            .setTsSignal(ts)
            .setTsDecision(nowNs)
            .setRiskUsd(riskUsd)
            .setRationale(rationale)
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
    out.audit(audits.audit("signal", sig.getSignalId(), "APPROVED", nowNs, rationale, d, "signal"));
  }

  void reject(RiskBook b, FlowSignal sig, List<RuleViolation> v, long nowNs, RiskEmitter out) {
    RiskDecision decision =
        RiskDecision.newBuilder()
            .setDecisionId(Ids.of("dec", s.variant(), sig.getSignalId()))
            .setSignalId(sig.getSignalId())
            .setVariant(s.variant())
            .setAccount(s.account())
            .setInstrumentId(sig.getInstrumentId())
            .setApproved(false)
            .setTradingState(b.tradingState)
            .setViolations(v)
            .setTsSignal(sig.getTsEvent())
            .setTsDecision(nowNs)
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
    out.audit(
        audits.audit("signal", sig.getSignalId(), "REJECTED", nowNs, why.toString(), d, "signal"));
  }
}
