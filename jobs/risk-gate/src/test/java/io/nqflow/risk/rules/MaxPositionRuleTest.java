package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class MaxPositionRuleTest {
  private final MaxPositionRule rule = new MaxPositionRule();

  @Test
  void rejectsWhenAPendingBuyAlreadyFillsThePosition() {
    RiskBook b = new RiskBook();
    Contexts.pending(b, "c1", 7, OrderSide.BUY, 1, 2.00, 1.40);

    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .containsExactly("1 contracts open or pending on instrument 7; max 1 per position");
  }

  @Test
  void rejectsWhenAnOpenPositionFillsIt() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 1, 2.00, 1.40);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).hasSize(1);
  }

  @Test
  void passesWithExposureOnlyOnOtherInstrumentsOrInPendingSells() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 8, 1, 2.00, 1.40);
    Contexts.pending(b, "x", 7, OrderSide.SELL, 1, 2.00, 0);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).isEmpty();
  }
}
