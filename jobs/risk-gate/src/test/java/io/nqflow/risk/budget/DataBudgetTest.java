package io.nqflow.risk.budget;

import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskInputException;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.TestingEmitter;
import io.nqflow.risk.audit.GateAudits;
import org.junit.jupiter.api.Test;

class DataBudgetTest {
  private final RiskSettings s = Fixtures.settings();
  private final DataBudget budget = new DataBudget(s, new GateAudits(s));
  private final RiskBook b = new RiskBook();
  private final TestingEmitter out = new TestingEmitter();

  @Test
  void auditsTheDailyBudgetOnceWhenASpendCrossesIt() {
    budget.onCost(b, Fixtures.cost("k1", "2025-03-11", 5.0), 1, out);
    budget.onCost(b, Fixtures.cost("k2", "2025-03-11", 4.0), 2, out);
    budget.onCost(b, Fixtures.cost("k3", "2025-03-11", 1.0), 3, out);

    assertThat(out.audit)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("DATA_BUDGET_EXHAUSTED");
              assertThat(a.getEntityId()).isEqualTo("daily:2025-03-11");
              assertThat(a.getDetails()).containsEntry("spent_usd", "9.00");
              assertThat(a.getDetails()).containsEntry("budget_usd", "8.00");
            });
  }

  @Test
  void auditsTheMonthlyBudgetOverSeveralDays() {
    for (int d = 1; d <= 9; d++) {
      budget.onCost(b, Fixtures.cost("k" + d, "2025-03-0" + d, 25.0), d, out);
    }
    assertThat(out.audit)
        .extracting(AuditEvent::getEntityId)
        .contains("monthly:2025-03")
        .filteredOn(id -> id.startsWith("monthly"))
        .hasSize(1);
  }

  @Test
  void countsACostIdOnce() {
    budget.onCost(b, Fixtures.cost("k1", "2025-03-11", 4.0), 1, out);
    budget.onCost(b, Fixtures.cost("k1", "2025-03-11", 4.0), 2, out);
    assertThat(budget.countSignal(b, TUESDAY_10_CT).daySpendUsd()).isEqualTo(4.0);
  }

  @Test
  void countsEverySignalOnTheLaterOfItsUtcDayAndTheLatestCostDay() {
    budget.onCost(b, Fixtures.cost("k1", "2025-03-12", 3.0), 1, out);
    BudgetDay first = budget.countSignal(b, TUESDAY_10_CT);
    BudgetDay second = budget.countSignal(b, TUESDAY_10_CT);
    assertThat(first.day()).isEqualTo("2025-03-12");
    assertThat(first.signals()).isEqualTo(1);
    assertThat(second.signals()).isEqualTo(2);
    assertThat(second.daySpendUsd()).isEqualTo(3.0);
    assertThat(second.monthSpendUsd()).isEqualTo(3.0);
  }

  @Test
  void refusesANegativeAmountOrAMalformedDayAndChangesNothing() {
    assertThatThrownBy(() -> budget.onCost(b, Fixtures.cost("k1", "2025-03-11", -1), 1, out))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("amount_usd -1.0");
    assertThatThrownBy(() -> budget.onCost(b, Fixtures.cost("k2", "11.03.2025", 1), 1, out))
        .isInstanceOf(RiskInputException.class)
        .hasMessageContaining("expected yyyy-MM-dd");
    assertThat(b.spendByDay).isEmpty();
    assertThat(b.seenCostIds).isEmpty();
  }
}
