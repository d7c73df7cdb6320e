package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import org.junit.jupiter.api.Test;

class ReferencePriceRuleTest {
  private final ReferencePriceRule rule = new ReferencePriceRule();

  @Test
  void rejectsAnEntryPricedBelowOneTick() {
    assertThat(rule.check(Contexts.of(entry(0.04))))
        .containsExactly(
            "reference price 0.04 is below one tick of the option price grid; nothing to limit at");
  }

  @Test
  void rejectsAZeroPricedExit() {
    assertThat(rule.check(Contexts.of(entry(0).setAggressor(Side.ASK)))).hasSize(1);
  }

  @Test
  void passesAPriceOfOneTick() {
    assertThat(rule.check(Contexts.of(entry(0.05)))).isEmpty();
  }
}
