package io.nqflow.risk.rules;

import io.nqflow.risk.book.Usd;
import io.nqflow.risk.budget.BudgetDay;
import java.util.List;
import java.util.Locale;

/** {@code data_budget_monthly}: data spend of the budget day's UTC month is below the budget. */
public final class DataBudgetMonthlyRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.DATA_BUDGET_MONTHLY;
  }

  @Override
  public List<String> check(SignalContext c) {
    BudgetDay d = c.budget();
    double budget = c.settings().monthlyDataBudgetUsd();
    if (d.monthSpendUsd() < budget - Usd.EPS) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "data spend $%.2f in %s reached the monthly budget $%.2f",
            d.monthSpendUsd(),
            d.month(),
            budget));
  }
}
