package io.nqflow.risk;

/**
 * What the gate does with the chain-analytics job's opportunities ({@code signals.opportunity},
 * {@code risk.opportunities.mode}).
 */
public enum OpportunityMode {
  /** The topic is not read; flow signals are decided as they always were. */
  IGNORE,
  /**
   * An opportunity is gated like a flow signal (the same limits, plus the opportunity's own
   * probability and expected-value minimums) and, approved, buys its option at its entry price with
   * its stop and target.
   */
  TRADE,
  /**
   * An opportunity trades nothing itself; a flow-signal entry is approved only when an opportunity
   * of the same underlying and direction arrived at most {@code confirm_within} (event time) before
   * it.
   */
  CONFIRM
}
