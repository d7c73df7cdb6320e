package io.nqflow.risk.budget;

/**
 * The data spend a signal is measured against.
 *
 * @param day the budget day, yyyy-MM-dd (UTC)
 * @param signals signals decided on that day, this one included
 * @param daySpendUsd data spend of that day
 * @param monthSpendUsd data spend of that day's UTC month
 */
public record BudgetDay(String day, int signals, double daySpendUsd, double monthSpendUsd) {
  /** The budget month, yyyy-MM. */
  public String month() {
    return day.substring(0, 7);
  }
}
