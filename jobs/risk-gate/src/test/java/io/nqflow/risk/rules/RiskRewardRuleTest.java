package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class RiskRewardRuleTest {
  private final RiskRewardRule rule = new RiskRewardRule();

  @Test
  void rejectsWhenRoundingToTheGridLeavesTooLittleReward() {
    // Entry 4.00, stop 2.80, target 6.40 floored to 6.25: 2.25 / 1.20 = 1.875 < 2.
    var demanding = Contexts.DEFAULTS.toBuilder().minRiskReward(2.0).build();
    assertThat(rule.check(Contexts.of(demanding, new RiskBook(), entry(4.02))))
        .containsExactly("reward/risk 1.88 (entry 4.0, stop 2.8, target 6.25) < 2.00");
  }

  @Test
  void passesAtTheDefaultMinimum() {
    assertThat(rule.check(Contexts.of(entry(4.02)))).isEmpty();
  }

  @Test
  void leavesAnEntryWithoutAStopBelowItToTheStopLossRule() {
    assertThat(rule.check(Contexts.of(entry(0.10)))).isEmpty();
  }
}
