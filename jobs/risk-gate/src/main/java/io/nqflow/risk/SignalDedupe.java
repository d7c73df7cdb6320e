package io.nqflow.risk;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.signals.v1.FlowSignal;

/**
 * Keyed by signal id: passes a signal the first time its id is seen and drops (and audits) every
 * later copy, so at-least-once delivery upstream never yields a second order. The seen-flag expires
 * after {@link RiskSettings#dedupeTtl()} of processing time, which bounds the state.
 */
public final class SignalDedupe extends FirstSeenFilter<FlowSignal> {
  public SignalDedupe(RiskSettings settings) {
    super(settings, "nqflow_risk_duplicate_signals");
  }

  @Override
  protected AuditEvent duplicateAudit(FlowSignal s, long nowNs) {
    return engine.duplicateAudit(s, nowNs);
  }
}
