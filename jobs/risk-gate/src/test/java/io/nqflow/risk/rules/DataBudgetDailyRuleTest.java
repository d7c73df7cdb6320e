package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.RiskBook;
import io.nqflow.risk.budget.BudgetDay;
import org.junit.jupiter.api.Test;

class DataBudgetDailyRuleTest {
  private final DataBudgetDailyRule rule = new DataBudgetDailyRule();

  @Test
  void rejectsOnceTheDaysSpendReachedTheBudget() {
    var spent = new BudgetDay("2025-03-11", 10, 8.0, 8.0);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), spent)))
        .containsExactly("data spend $8.00 on 2025-03-11 reached the daily budget $8.00");
  }

  @Test
  void passesBelowTheBudget() {
    var spent = new BudgetDay("2025-03-11", 10, 7.99, 7.99);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), spent)))
        .isEmpty();
  }
}
