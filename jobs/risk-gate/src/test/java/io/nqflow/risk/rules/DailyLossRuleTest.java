package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.px;
import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class DailyLossRuleTest {
  private final DailyLossRule rule = new DailyLossRule();

  @Test
  void rejectsOnceTheDaysLossReachedTheLimit() {
    RiskBook b = new RiskBook();
    b.tradingDay = "2025-03-11";
    b.realizedTodayUsd = -50.0;

    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .containsExactly("P&L of trading day 2025-03-11 is $-50.00; limit -$50.00");
  }

  @Test
  void countsTheWorseExecutionServiceSnapshotAndMarks() {
    RiskBook b = new RiskBook();
    b.tradingDay = "2025-03-11";
    b.pnlSnapshotDay = "2025-03-11";
    b.pnlSnapshotUsd = -51;
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).hasSize(1);

    RiskBook marked = new RiskBook();
    Contexts.held(marked, 8, 1, 4.00, 2.80).markPrice = px(1.40);
    assertThat(rule.check(Contexts.of(marked, entry(2.00)))).hasSize(1);
  }

  @Test
  void passesALossShortOfTheLimit() {
    RiskBook b = new RiskBook();
    b.realizedTodayUsd = -49.99;
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).isEmpty();
  }
}
