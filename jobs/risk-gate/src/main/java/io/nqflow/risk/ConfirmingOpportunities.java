package io.nqflow.risk;

import io.nqflow.common.v1.DecisionSource;
import io.nqflow.common.v1.Direction;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.risk.book.Confirmations;
import io.nqflow.risk.rules.OpportunityEvRule;
import io.nqflow.risk.rules.OpportunityProbabilityRule;
import io.nqflow.risk.rules.RuleId;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.signals.v1.Opportunity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confirm mode: keeps each opportunity that meets the probability and expected-value minimums as
 * the confirmation of its underlying and direction ({@link Confirmations}) and audits it ({@code
 * CONFIRMATION_RECORDED}, or {@code CONFIRMATION_SUPERSEDED} when a later one is kept); one that
 * misses them, or whose direction is NEUTRAL, is audited {@code CONFIRMATION_REFUSED} (with the
 * failed rules) and confirms nothing. None of them trades, so none is a RiskDecision.
 */
final class ConfirmingOpportunities implements Serializable {
  private final RiskSettings s;
  private final GateAudits audits;

  ConfirmingOpportunities(RiskSettings settings, GateAudits audits) {
    this.s = settings;
    this.audits = audits;
  }

  void onOpportunity(RiskBook b, Opportunity o, long nowNs, RiskEmitter out) {
    List<RuleViolation> v = new ArrayList<>(2);
    String p = OpportunityProbabilityRule.failure(s.opportunities(), o.getProbability());
    if (p != null) {
      v.add(new RuleViolation(RuleId.OPPORTUNITY_PROBABILITY.wireName(), p));
    }
    String ev = OpportunityEvRule.failure(s.opportunities(), o.getExpectedValuePoints());
    if (ev != null) {
      v.add(new RuleViolation(RuleId.OPPORTUNITY_EV.wireName(), ev));
    }
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.VARIANT, s.variant());
    d.put(AuditDetails.ACCOUNT, s.account());
    d.put(AuditDetails.DECISION_SOURCE, DecisionSource.OPPORTUNITY.toString());
    d.put(AuditDetails.TS_SIGNAL, Long.toString(o.getTsEvent()));
    d.put(AuditDetails.PROBABILITY, Double.toString(o.getProbability()));
    d.put(AuditDetails.EXPECTED_VALUE_POINTS, Double.toString(o.getExpectedValuePoints()));
    if (!v.isEmpty()) {
      StringBuilder why = new StringBuilder("refused as a confirmation:");
      List<String> rules = new ArrayList<>();
      for (RuleViolation r : v) {
        why.append(' ').append(r.getRule()).append(" (").append(r.getDetail()).append(");");
        rules.add(r.getRule());
      }
      d.put(AuditDetails.RULES, String.join(",", rules));
      out.audit(
          audits.audit(
              "opportunity",
              o.getOpportunityId(),
              "CONFIRMATION_REFUSED",
              nowNs,
              why.toString(),
              d,
              "confirmation"));
      return;
    }
    if (o.getDirection() != Direction.BULLISH && o.getDirection() != Direction.BEARISH) {
      out.audit(
          audits.audit(
              "opportunity",
              o.getOpportunityId(),
              "CONFIRMATION_REFUSED",
              nowNs,
              "refused as a confirmation: direction " + o.getDirection() + " confirms no signal",
              d,
              "confirmation"));
      return;
    }
    boolean kept = Confirmations.record(b, o);
    String rationale =
        kept
            ? "confirms "
                + o.getDirection()
                + " flow signals on "
                + o.getUnderlying()
                + " for "
                + s.opportunities().confirmWithin().toSeconds()
                + " s of event time"
            : "not kept: a later " + o.getDirection() + " opportunity on " + o.getUnderlying();
    out.audit(
        audits.audit(
            "opportunity",
            o.getOpportunityId(),
            kept ? "CONFIRMATION_RECORDED" : "CONFIRMATION_SUPERSEDED",
            nowNs,
            rationale,
            d,
            "confirmation"));
  }
}
