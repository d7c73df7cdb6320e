package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class SideRuleTest {
  private final SideRule rule = new SideRule();

  @Test
  void rejectsFlowWithoutAnAggressorSide() {
    assertThat(rule.check(Contexts.of(entry(2.00).setAggressor(Side.NONE))))
        .containsExactly("aggressor side NONE: no buy or sell to follow");
  }

  @Test
  void rejectsSellFlowWithoutALongPositionRatherThanSellShort() {
    assertThat(rule.check(Contexts.of(entry(2.00).setAggressor(Side.ASK))))
        .singleElement()
        .asString()
        .contains("held 0, pending exits 0")
        .contains("never sells options short");
  }

  @Test
  void rejectsSellFlowWhosePositionIsAlreadyBeingSold() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 1, 2.00, 1.40);
    Contexts.pending(b, "exit", 7, OrderSide.SELL, 1, 2.20, 0);

    assertThat(rule.check(Contexts.of(b, entry(2.00).setAggressor(Side.ASK))))
        .singleElement()
        .asString()
        .contains("held 1, pending exits 1");
  }

  @Test
  void passesSellFlowOnAHeldLongAndBuyFlow() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 2, 2.00, 1.40);
    assertThat(rule.check(Contexts.of(b, entry(2.00).setAggressor(Side.ASK)))).isEmpty();
    assertThat(rule.check(Contexts.of(entry(2.00)))).isEmpty();
  }
}
