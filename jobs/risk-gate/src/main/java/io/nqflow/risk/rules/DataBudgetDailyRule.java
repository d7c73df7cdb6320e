package io.nqflow.risk.rules;

import io.nqflow.risk.book.Usd;
import io.nqflow.risk.budget.BudgetDay;
import java.util.List;
import java.util.Locale;

/** {@code data_budget_daily}: data spend of the budget day is below the daily budget. */
public final class DataBudgetDailyRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.DATA_BUDGET_DAILY;
  }

  @Override
  public List<String> check(SignalContext c) {
    BudgetDay d = c.budget();
    double budget = c.settings().dailyDataBudgetUsd();
    if (d.daySpendUsd() < budget - Usd.EPS) {
      return List.of();
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "data spend $%.2f on %s reached the daily budget $%.2f",
            d.daySpendUsd(),
            d.day(),
            budget));
  }
}
