package io.nqflow.risk.rules;

import io.nqflow.risk.OpportunitySettings;
import java.util.List;
import java.util.Locale;

/**
 * {@code opportunity_ev}: an opportunity's expected value is at least {@code
 * risk.opportunities.min_ev_points} (index points of the premium). Flow signals pass.
 */
public final class OpportunityEvRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.OPPORTUNITY_EV;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.opportunity() == null) {
      return List.of();
    }
    String why = failure(c.settings().opportunities(), c.opportunity().getExpectedValuePoints());
    return why == null ? List.of() : List.of(why);
  }

  /** Why {@code evPoints} is too low for these settings; null when it is not. */
  public static String failure(OpportunitySettings s, double evPoints) {
    if (evPoints + 1e-9 >= s.minEvPoints()) {
      return null;
    }
    return String.format(
        Locale.ROOT, "expected value %.2f points < min_ev_points %.2f", evPoints, s.minEvPoints());
  }
}
