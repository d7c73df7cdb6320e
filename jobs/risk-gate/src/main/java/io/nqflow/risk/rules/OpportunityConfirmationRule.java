package io.nqflow.risk.rules;

import io.nqflow.risk.OpportunityMode;
import java.util.List;

/**
 * {@code opportunity_confirmation}: in confirm mode, a flow-signal entry needs an opportunity of
 * the same underlying and direction whose event time lies at most {@code
 * risk.opportunities.confirm_within} before its own ({@link SignalContext#confirmation()}). Exits,
 * opportunities and the other modes pass.
 */
public final class OpportunityConfirmationRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.OPPORTUNITY_CONFIRMATION;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.signal() == null
        || c.settings().opportunities().mode() != OpportunityMode.CONFIRM
        || c.confirmation() != null) {
      return List.of();
    }
    return List.of(
        "no "
            + c.direction()
            + " opportunity on "
            + c.underlying()
            + " within "
            + c.settings().opportunities().confirmWithin().toSeconds()
            + " s before the signal");
  }
}
