package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class OrderRateRuleTest {
  private final OrderRateRule rule = new OrderRateRule();

  @Test
  void rejectsWhenTheMaximumWasApprovedWithinAMinuteEitherSide() {
    RiskBook b = new RiskBook();
    for (int i = 0; i < 5; i++) {
      b.recentOrderTimes.add(TUESDAY_10_CT + (i - 2) * 29 * SECOND);
    }
    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .containsExactly("5 orders approved within 60 s of this signal; limit 5 per minute");
    assertThat(rule.check(Contexts.of(b, entry(2.00).setAggressor(Side.ASK)))).hasSize(1);
  }

  @Test
  void passesWhenApprovalsLieAMinuteOrMoreAway() {
    RiskBook b = new RiskBook();
    for (int i = 0; i < 5; i++) {
      b.recentOrderTimes.add(TUESDAY_10_CT - 60 * SECOND - i);
    }
    b.recentOrderTimes.add(TUESDAY_10_CT);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).isEmpty();
  }
}
