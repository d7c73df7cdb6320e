package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import org.junit.jupiter.api.Test;

class MaxTotalRiskRuleTest {
  private final MaxTotalRiskRule rule = new MaxTotalRiskRule();
  private final RiskSettings max30 = Contexts.DEFAULTS.toBuilder().maxTotalRiskUsd(30).build();

  @Test
  void rejectsWhenRiskToStopsPlusOneContractExceedsTheMaximum() {
    RiskBook b = new RiskBook();
    // Pending 2.00 -> 1.40 is $12; the entry 4.00 -> 2.80 another $24.
    Contexts.pending(b, "c9", 9, OrderSide.BUY, 1, 2.00, 1.40);

    assertThat(rule.check(Contexts.of(max30, b, entry(4.00))))
        .containsExactly("risk to stops $12.00 open/pending + $24.00 for one contract > $30.00");
  }

  @Test
  void passesWhenTheSumStaysWithin() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 9, 1, 2.00, 1.70);
    assertThat(rule.check(Contexts.of(max30, b, entry(4.00)))).isEmpty();
  }

  @Test
  void leavesAnEntryWithoutARiskPerContractAlone() {
    assertThat(rule.check(Contexts.of(max30, new RiskBook(), entry(0.10)))).isEmpty();
  }
}
