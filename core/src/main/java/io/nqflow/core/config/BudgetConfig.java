package io.nqflow.core.config;

/** Data-spend budget with automatic shut-off ({@code budget:}). */
public record BudgetConfig(
    @Doc(value = "Data spend allowed per day, USD", unit = "USD") double dailyUsd,
    @Doc(value = "Data spend allowed per calendar month, USD", unit = "USD") double monthlyUsd)
    implements Validating {

  public static BudgetConfig defaults() {
    return new BudgetConfig(8.0, 200.0);
  }

  @Override
  public void validate(Checks c) {
    c.range("daily_usd", dailyUsd, 0, 100_000);
    c.range("monthly_usd", monthlyUsd, 0, 1_000_000);
    c.require(
        !(monthlyUsd < dailyUsd),
        "monthly_usd",
        "must be at least daily_usd (" + dailyUsd + "), got " + monthlyUsd);
  }
}
