package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.TradingState;
import io.nqflow.risk.RiskBook;
import org.junit.jupiter.api.Test;

class TradingStateRuleTest {
  private final TradingStateRule rule = new TradingStateRule();

  @Test
  void rejectsEntriesWhileHaltedAndSaysWhy() {
    RiskBook b = new RiskBook();
    b.tradingState = TradingState.HALTED;
    b.stateReason = "HALT by alice: lunch";

    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .containsExactly("entries are not allowed while HALTED (HALT by alice: lunch)");
  }

  @Test
  void rejectsEntriesWhileReduceOnly() {
    RiskBook b = new RiskBook();
    b.tradingState = TradingState.REDUCE_ONLY;

    assertThat(rule.check(Contexts.of(b, entry(2.00))))
        .singleElement()
        .asString()
        .contains("REDUCE_ONLY");
  }

  @Test
  void passesEntriesWhileActive() {
    assertThat(rule.check(Contexts.of(entry(2.00)))).isEmpty();
  }

  @Test
  void doesNotGuardExits() {
    assertThat(rule.id().appliesToExits()).isFalse();
  }
}
