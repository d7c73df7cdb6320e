package io.nqflow.risk.rules;

import io.nqflow.risk.OpportunitySettings;
import java.util.List;
import java.util.Locale;

/**
 * {@code opportunity_probability}: an opportunity's probability of reaching its target is at least
 * {@code risk.opportunities.min_probability}. Flow signals pass.
 */
public final class OpportunityProbabilityRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.OPPORTUNITY_PROBABILITY;
  }

  @Override
  public List<String> check(SignalContext c) {
    if (c.opportunity() == null) {
      return List.of();
    }
    String why = failure(c.settings().opportunities(), c.opportunity().getProbability());
    return why == null ? List.of() : List.of(why);
  }

  /** Why {@code probability} is too low for these settings; null when it is not. */
  public static String failure(OpportunitySettings s, double probability) {
    if (probability + 1e-12 >= s.minProbability()) {
      return null;
    }
    return String.format(
        Locale.ROOT, "probability %.3f < min_probability %.3f", probability, s.minProbability());
  }
}
