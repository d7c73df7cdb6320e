package io.nqflow.risk.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.ids.Ids;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.TestingEmitter;
import io.nqflow.risk.audit.GateAudits;
import org.junit.jupiter.api.Test;

class AutoHaltTest {
  private final RiskSettings s = Fixtures.settings();
  private final AutoHalt halt = new AutoHalt(s, new GateAudits(s), "risk-gate:baseline");
  private final RiskBook b = new RiskBook();
  private final TestingEmitter out = new TestingEmitter();

  @Test
  void haltsOnceWhenTheDaysLossReachesTheLimit() {
    b.tradingDay = "2025-03-11";
    b.realizedTodayUsd = -50;
    halt.check(b, 7, out);
    halt.check(b, 8, out);

    assertThat(b.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(b.autoHalted).isTrue();
    assertThat(out.controls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getCommand()).isEqualTo(ControlAction.HALT);
              assertThat(c.getScope()).isEqualTo("paper");
              assertThat(c.getOperator()).isEqualTo("risk-gate:baseline");
              assertThat(c.getCommandId())
                  .isEqualTo(Ids.of("ctl", "baseline", "paper", "daily_loss", "2025-03-11"));
            });
    assertThat(out.audit)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getEntityType()).isEqualTo("trading_state");
              assertThat(a.getAction()).isEqualTo("HALT");
              assertThat(a.getDetails()).containsEntry("previous_state", "ACTIVE");
            });
  }

  @Test
  void leavesAnAccountShortOfTheLimitAlone() {
    b.realizedTodayUsd = -49.99;
    halt.check(b, 7, out);
    assertThat(b.tradingState).isEqualTo(TradingState.ACTIVE);
    assertThat(out.controls).isEmpty();
  }
}
