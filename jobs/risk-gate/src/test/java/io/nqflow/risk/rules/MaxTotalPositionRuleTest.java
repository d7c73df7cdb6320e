package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class MaxTotalPositionRuleTest {
  private final MaxTotalPositionRule rule = new MaxTotalPositionRule();

  @Test
  void rejectsWhenOpenAndPendingContractsReachTheTotal() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 8, 1, 2.00, 1.40);
    Contexts.pending(b, "c9", 9, OrderSide.BUY, 1, 2.00, 1.40);

    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .containsExactly("2 contracts open or pending in total; max 2");
  }

  @Test
  void passesWithRoomForOneMore() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 8, 1, 2.00, 1.40);
    assertThat(rule.check(Contexts.of(b, entry(2.00)))).isEmpty();
  }
}
