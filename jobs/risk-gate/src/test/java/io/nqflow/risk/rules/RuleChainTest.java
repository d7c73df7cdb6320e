package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.RiskBook;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RuleChainTest {
  private final RuleChain chain = RuleChain.standard();

  @Test
  void hasOneRulePerIdInTheDocumentedOrder() {
    assertThat(chain.rules()).extracting(Rule::id).containsExactly(RuleId.values());
    assertThat(Arrays.stream(RuleId.values()).map(RuleId::wireName))
        .containsExactly(
            "trading_state",
            "instrument",
            "execute_in",
            "side",
            "reference_price",
            "confidence",
            "trading_hours",
            "time_to_expiry",
            "cooldown",
            "order_rate",
            "stop_loss",
            "risk_reward",
            "max_position",
            "max_total_position",
            "max_total_risk",
            "daily_loss",
            "daily_loss_headroom",
            "data_budget_daily",
            "data_budget_monthly",
            "cost_per_signal",
            "opportunity_probability",
            "opportunity_ev",
            "opportunity_confirmation",
            "validated_accuracy");
  }

  @Test
  void namesEveryFailureInRuleOrderAndARuleOnceForEachWayItFails() {
    RiskBook b = new RiskBook();
    b.tradingState = TradingState.HALTED;
    var sig =
        entry(0.01)
            .setInstrumentClass(io.nqflow.common.v1.InstrumentClass.FUTURE)
            .setUnderlying("ESH5")
            .setExpiration(null);

    assertThat(chain.violations(Contexts.of(b, sig)))
        .extracting(RuleViolation::getRule)
        .containsExactly(
            "trading_state", "instrument", "instrument", "reference_price", "time_to_expiry");
  }

  @Test
  void checksExitsOnlyWithTheRulesThatGuardExits() {
    RiskBook b = new RiskBook();
    b.tradingState = TradingState.HALTED;
    b.realizedTodayUsd = -500;
    Contexts.held(b, 7, 1, 2.00, 1.40);
    var exit = entry(2.00).setAggressor(Side.ASK).setExpiration(null);

    assertThat(chain.violations(Contexts.of(b, exit))).isEmpty();
    assertThat(chain.violations(Contexts.of(b, entry(2.00))))
        .extracting(RuleViolation::getRule)
        .containsExactly("trading_state", "max_position", "daily_loss");
  }

  @Test
  void passesAPlainEntry() {
    assertThat(chain.violations(Contexts.of(entry(2.00)))).isEmpty();
  }
}
