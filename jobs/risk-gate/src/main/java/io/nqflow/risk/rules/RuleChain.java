package io.nqflow.risk.rules;

import io.nqflow.orders.v1.RuleViolation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate's rules in their order of evaluation. Every rule is evaluated (a rejection names all
 * that fail, in this order); for an exit only the rules whose {@link RuleId#appliesToExits()} are.
 */
public final class RuleChain implements Serializable {
  private final List<Rule> rules;

  private RuleChain(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The 23 rules of docs/risk.md, in {@link RuleId} order. */
  public static RuleChain standard() {
    return new RuleChain(
        List.of(
            new TradingStateRule(),
            new InstrumentRule(),
            new ExecuteInRule(),
            new SideRule(),
            new ReferencePriceRule(),
            new ConfidenceRule(),
            new TradingHoursRule(),
            new TimeToExpiryRule(),
            new CooldownRule(),
            new OrderRateRule(),
            new StopLossRule(),
            new RiskRewardRule(),
            new MaxPositionRule(),
            new MaxTotalPositionRule(),
            new MaxTotalRiskRule(),
            new DailyLossRule(),
            new DailyLossHeadroomRule(),
            new DataBudgetDailyRule(),
            new DataBudgetMonthlyRule(),
            new CostPerSignalRule(),
            new OpportunityProbabilityRule(),
            new OpportunityEvRule(),
            new OpportunityConfirmationRule(),
            new ValidatedAccuracyRule()));
  }

  /** The rules in evaluation order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Every failure of the signal, in rule order; empty when it passes them all. */
  public List<RuleViolation> violations(SignalContext c) {
    List<RuleViolation> v = new ArrayList<>();
    for (Rule rule : rules) {
      if (c.exit() && !rule.id().appliesToExits()) {
        continue;
      }
      for (String detail : rule.check(c)) {
        v.add(new RuleViolation(rule.id().wireName(), detail));
      }
    }
    return v;
  }
}
