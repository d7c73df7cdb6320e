package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.RiskBook;
import io.nqflow.risk.budget.BudgetDay;
import org.junit.jupiter.api.Test;

class DataBudgetMonthlyRuleTest {
  private final DataBudgetMonthlyRule rule = new DataBudgetMonthlyRule();

  @Test
  void rejectsOnceTheMonthsSpendReachedTheBudget() {
    var spent = new BudgetDay("2025-03-11", 10, 1.0, 200.0);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), spent)))
        .containsExactly("data spend $200.00 in 2025-03 reached the monthly budget $200.00");
  }

  @Test
  void passesBelowTheBudget() {
    var spent = new BudgetDay("2025-03-11", 10, 1.0, 199.0);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), spent)))
        .isEmpty();
  }
}
