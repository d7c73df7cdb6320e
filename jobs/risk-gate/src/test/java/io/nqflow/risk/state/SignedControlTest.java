package io.nqflow.risk.state;

import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.config.ControlConfig;
import io.nqflow.core.config.Secret;
import io.nqflow.core.security.RecordSigner;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.TestingEmitter;
import io.nqflow.risk.audit.GateAudits;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's side of signed control commands: its own HALT is signed, RESUME needs a key. */
class SignedControlTest {
  private static final String GATE_KEY = randomKey();
  private static final String OPS_KEY = randomKey();
  private static final RecordSigner<ControlCommand> ALICE =
      new RecordSigner<>(ControlCommand.class, OPS_KEY, "ops-alice");

  private final RiskBook b = new RiskBook();
  private final TestingEmitter out = new TestingEmitter();

  private static String randomKey() {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  private static RiskSettings settings(boolean requireSigned) {
    return Fixtures.settings().toBuilder()
        .signingKey(Secret.of(GATE_KEY), "gate-1")
        .control(
            new ControlConfig(
                requireSigned,
                List.of(new ControlConfig.OperatorKey("ops-alice", Secret.of(OPS_KEY)))))
        .build();
  }

  private void autoHalt(RiskSettings s) {
    b.tradingDay = "2025-03-11";
    b.realizedTodayUsd = -60;
    new AutoHalt(s, new GateAudits(s), "risk-gate:baseline").check(b, 7, out);
  }

  @Test
  void theAutomaticHaltIsSignedWithTheGatesKey() {
    autoHalt(settings(false));
    assertThat(out.controls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getKeyId()).isEqualTo("gate-1");
              assertThat(new RecordSigner<>(ControlCommand.class, GATE_KEY, "gate-1").verify(c))
                  .isTrue();
            });
  }

  @Test
  void afterAnAutomaticHaltAnUnsignedResumeChangesNothingAndASignedOneResumes() {
    RiskSettings s = settings(false);
    TradingControl control = new TradingControl(s, new GateAudits(s), "risk-gate:baseline");
    autoHalt(s);
    out.audit.clear();

    ControlCommand unsigned =
        Fixtures.control("c-unsigned", ControlAction.RESUME, "global", TUESDAY_10_CT);
    assertThat(control.apply(b, unsigned, 8, out)).isFalse();
    assertThat(b.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(b.autoHalted).isTrue();
    assertThat(b.lastControlTs).isZero();
    assertThat(out.refusedControls).containsExactly(unsigned);
    assertThat(out.audit)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("CONTROL_REFUSED");
              assertThat(a.getDetails())
                  .containsEntry("refusal", "UNSIGNED_AFTER_AUTOMATIC_HALT")
                  .containsEntry("operator", "alice")
                  .containsEntry("key_id", "");
              assertThat(a.getRationale()).contains("state stays HALTED");
            });

    ControlCommand signed =
        ALICE.sign(Fixtures.control("c-signed", ControlAction.RESUME, "global", TUESDAY_10_CT));
    assertThat(control.apply(b, signed, 9, out)).isTrue();
    assertThat(b.tradingState).isEqualTo(TradingState.ACTIVE);
    assertThat(b.autoHalted).isFalse();
    assertThat(out.audit.get(1).getAction()).isEqualTo("ACTIVE");
    assertThat(out.audit.get(1).getDetails()).containsEntry("key_id", "ops-alice");
  }

  @Test
  void withRequireSignedAnUnsignedHaltIsRefusedAndAnotherGatesSignedHaltIsAutomatic() {
    RiskSettings s = settings(true);
    TradingControl control = new TradingControl(s, new GateAudits(s), "risk-gate:baseline");
    ControlCommand unsigned =
        Fixtures.control("c-halt", ControlAction.HALT, "global", TUESDAY_10_CT);
    assertThat(control.apply(b, unsigned, 1, out)).isFalse();
    assertThat(b.tradingState).isEqualTo(TradingState.ACTIVE);
    assertThat(out.audit.get(0).getDetails()).containsEntry("refusal", "UNSIGNED");

    ControlCommand otherGate =
        new RecordSigner<>(ControlCommand.class, GATE_KEY, "gate-1")
            .sign(
                ControlCommand.newBuilder(
                        Fixtures.control("c-auto", ControlAction.HALT, "paper", TUESDAY_10_CT))
                    .setOperator("risk-gate:other")
                    .build());
    assertThat(control.apply(b, otherGate, 2, out)).isTrue();
    assertThat(b.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(b.autoHalted).isTrue();
  }
}
