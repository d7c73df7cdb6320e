package io.nqflow.risk.rules;

import io.nqflow.risk.book.Usd;
import io.nqflow.risk.budget.BudgetDay;
import java.util.List;
import java.util.Locale;

/**
 * {@code cost_per_signal}: data spend of the budget day over the signals decided that day (this one
 * included) stays within the maximum.
 */
public final class CostPerSignalRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.COST_PER_SIGNAL;
  }

  @Override
  public List<String> check(SignalContext c) {
    BudgetDay d = c.budget();
    double perSignal = d.daySpendUsd() / d.signals();
    double max = c.settings().maxCostPerSignalUsd();
    if (perSignal <= max + Usd.EPS) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "data spend $%.2f over %d signals on %s = $%.2f per signal > $%.2f",
            d.daySpendUsd(),
            d.signals(),
            d.day(),
            perSignal,
            max));
  }
}
