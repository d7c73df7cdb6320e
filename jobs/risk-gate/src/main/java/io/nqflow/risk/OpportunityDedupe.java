package io.nqflow.risk;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.signals.v1.Opportunity;

/**
 * Keyed by opportunity id: passes an opportunity the first time its id is seen and drops (and
 * audits) every later copy, so a redelivered opportunity is never decided (or recorded) twice. The
 * seen-flag expires after {@link RiskSettings#dedupeTtl()} of processing time.
 */
public final class OpportunityDedupe extends FirstSeenFilter<Opportunity> {
  public OpportunityDedupe(RiskSettings settings) {
    super(settings, "nqflow_risk_duplicate_opportunities");
  }

  @Override
  protected AuditEvent duplicateAudit(Opportunity o, long nowNs) {
    return engine.duplicateAudit(o, nowNs);
  }
}
