package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class DailyLossHeadroomRuleTest {
  private final DailyLossHeadroomRule rule = new DailyLossHeadroomRule();

  @Test
  void rejectsAnEntryWhoseStopOutAloneWouldPassTheLimit() {
    // 10.00 -> 7.00 is 3.00 points x $20 = $60 > $50.
    assertThat(rule.check(Contexts.of(entry(10.00))))
        .containsExactly(
            "if every open and pending position and this one stopped out the day would end at"
                + " $-60.00; limit -$50.00");
  }

  @Test
  void countsTheDaysLossAndEveryOpenAndPendingStopOut() {
    RiskBook b = new RiskBook();
    b.realizedTodayUsd = -20;
    // Pending 2.00 -> 1.40: -$12; the entry 2.00 -> 1.40: -$12; -$44 passes, -$20 more fails.
    Contexts.pending(b, "c9", 9, OrderSide.BUY, 1, 2.00, 1.40);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).isEmpty();

    b.realizedTodayUsd = -40;
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).hasSize(1);
  }

  @Test
  void leavesADayAlreadyAtTheLimitToTheDailyLossRule() {
    RiskBook b = new RiskBook();
    b.realizedTodayUsd = -50;
    assertThat(rule.check(Contexts.of(b, entry(10.00)))).isEmpty();
  }
}
