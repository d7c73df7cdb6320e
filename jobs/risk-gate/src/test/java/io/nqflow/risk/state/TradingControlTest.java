package io.nqflow.risk.state;

import static io.nqflow.risk.Fixtures.HOUR;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.TradingState;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.TestingEmitter;
import io.nqflow.risk.audit.GateAudits;
import org.junit.jupiter.api.Test;

class TradingControlTest {
  private final RiskSettings s = Fixtures.settings();
  private final TradingControl control =
      new TradingControl(s, new GateAudits(s), "risk-gate:baseline");
  private final RiskBook b = new RiskBook();
  private final TestingEmitter out = new TestingEmitter();

  @Test
  void appliesCommandsForAllTheAccountOrTheVariantAndAuditsThem() {
    assertThat(
            control.apply(
                b, Fixtures.control("c1", ControlAction.HALT, "global", TUESDAY_10_CT), 1, out))
        .isTrue();
    assertThat(b.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(b.stateReason).isEqualTo("HALT by alice: test HALT");
    control.apply(
        b, Fixtures.control("c2", ControlAction.REDUCE_ONLY, "paper", TUESDAY_10_CT + 1), 2, out);
    assertThat(b.tradingState).isEqualTo(TradingState.REDUCE_ONLY);
    control.apply(
        b, Fixtures.control("c3", ControlAction.RESUME, "baseline", TUESDAY_10_CT + 2), 3, out);
    assertThat(b.tradingState).isEqualTo(TradingState.ACTIVE);
    assertThat(out.audit)
        .extracting(a -> a.getAction() + " " + a.getDetails().get("previous_state"))
        .containsExactly("HALTED ACTIVE", "REDUCE_ONLY HALTED", "ACTIVE REDUCE_ONLY");
  }

  @Test
  void ignoresOtherScopesAndItsOwnCommandsSilently() {
    assertThat(
            control.apply(
                b, Fixtures.control("c1", ControlAction.HALT, "live", TUESDAY_10_CT), 1, out))
        .isFalse();
    var own = Fixtures.control("c2", ControlAction.HALT, "paper", TUESDAY_10_CT);
    own.setOperator("risk-gate:baseline");
    assertThat(control.apply(b, own, 2, out)).isFalse();
    assertThat(b.tradingState).isEqualTo(TradingState.ACTIVE);
    assertThat(out.audit).isEmpty();
  }

  @Test
  void auditsAStaleCommandAndKeepsTheState() {
    control.apply(b, Fixtures.control("c1", ControlAction.HALT, "global", TUESDAY_10_CT), 1, out);
    assertThat(
            control.apply(
                b,
                Fixtures.control("c0", ControlAction.RESUME, "global", TUESDAY_10_CT - HOUR),
                2,
                out))
        .isFalse();
    assertThat(b.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(out.audit.get(1).getAction()).isEqualTo("IGNORED_STALE");
    assertThat(out.audit.get(1).getDetails())
        .containsEntry("last_applied_ts", Long.toString(TUESDAY_10_CT));
  }
}
