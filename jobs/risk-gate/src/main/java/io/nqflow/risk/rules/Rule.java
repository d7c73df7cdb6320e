package io.nqflow.risk.rules;

import java.io.Serializable;
import java.util.List;

/**
 * One risk rule of the gate: a check of a signal in its {@link SignalContext}. Rules are stateless
 * and read-only; {@link RuleChain} runs them in {@link RuleId} order and skips, for exits, those
 * whose id does not apply to exits.
 */
public interface Rule extends Serializable {
  /** The rule's name in RiskDecision violations, audits and metrics. */
  RuleId id();

  /**
   * Why the signal fails this rule, one detail per failure (a rule may fail in more than one way);
   * empty when it passes.
   */
  List<String> check(SignalContext c);
}
