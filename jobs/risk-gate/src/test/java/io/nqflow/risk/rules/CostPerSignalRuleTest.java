package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.RiskBook;
import io.nqflow.risk.budget.BudgetDay;
import org.junit.jupiter.api.Test;

class CostPerSignalRuleTest {
  private final CostPerSignalRule rule = new CostPerSignalRule();

  @Test
  void rejectsWhenTheDaysSpendPerSignalExceedsTheMaximum() {
    var spent = new BudgetDay("2025-03-11", 1, 6.0, 6.0);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), spent)))
        .containsExactly(
            "data spend $6.00 over 1 signals on 2025-03-11 = $6.00 per signal > $5.00");
  }

  @Test
  void passesOnceEnoughSignalsShareTheSpend() {
    var spent = new BudgetDay("2025-03-11", 2, 6.0, 6.0);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), spent)))
        .isEmpty();
    var exact = new BudgetDay("2025-03-11", 1, 5.0, 5.0);
    assertThat(rule.check(Contexts.of(Contexts.DEFAULTS, new RiskBook(), entry(2.00), exact)))
        .isEmpty();
  }
}
