package io.nqflow.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.ControlConfig;
import io.nqflow.core.config.Secret;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule of {@link ControlGuard}, case by case. */
class ControlGuardTest {
  private static final String OPS_KEY = ControlSigningTest.randomKey();
  private static final String GATE_KEY = ControlSigningTest.randomKey();
  private static final RecordSigner<ControlCommand> OPS =
      new RecordSigner<>(ControlCommand.class, OPS_KEY, "ops-1");
  private static final RecordSigner<ControlCommand> GATE =
      new RecordSigner<>(ControlCommand.class, GATE_KEY, "gate-1");

  private static ControlGuard guard(boolean requireSigned) {
    return new ControlGuard(Map.of("ops-1", OPS_KEY), GATE_KEY, "gate-1", requireSigned);
  }

  private static ControlCommand cmd(ControlAction a) {
    return ControlCommand.newBuilder(ControlSigningTest.command()).setCommand(a).build();
  }

  @Test
  void signedCommandIsAppliedAndNamesItsKey() {
    ControlGuard.Decision d = guard(true).decide(OPS.sign(cmd(ControlAction.RESUME)), true);
    assertThat(d.accepted()).isTrue();
    assertThat(d.signed()).isTrue();
    assertThat(d.keyId()).isEqualTo("ops-1");
  }

  @Test
  void unsignedIsRefusedOnlyWhenRequired() {
    assertThat(guard(true).decide(cmd(ControlAction.HALT), false).refusal())
        .isEqualTo(ControlGuard.Refusal.UNSIGNED);
    ControlGuard.Decision open = guard(false).decide(cmd(ControlAction.RESUME), false);
    assertThat(open.accepted()).isTrue();
    assertThat(open.signed()).isFalse();
    assertThat(open.keyId()).isEmpty();
  }

  @Test
  void unsignedResumeOrReduceOnlyAfterAnAutomaticHaltNeedsASignatureWhenAKeyExists() {
    for (ControlAction a : List.of(ControlAction.RESUME, ControlAction.REDUCE_ONLY)) {
      assertThat(guard(false).decide(cmd(a), true).refusal())
          .as(a.name())
          .isEqualTo(ControlGuard.Refusal.UNSIGNED_AFTER_AUTOMATIC_HALT);
    }
    assertThat(guard(false).decide(cmd(ControlAction.HALT), true).accepted()).isTrue();
    assertThat(guard(false).decide(OPS.sign(cmd(ControlAction.RESUME)), true).accepted()).isTrue();
    // no operator key at all: today's behaviour (applied, a warning is logged)
    ControlGuard noKeys = new ControlGuard(Map.of(), GATE_KEY, "gate-1", false);
    assertThat(noKeys.decide(cmd(ControlAction.RESUME), true).accepted()).isTrue();
  }

  @Test
  void unknownKeyAndTamperedAreRefusedEvenWhenSignaturesAreNotRequired() {
    RecordSigner<ControlCommand> stranger =
        new RecordSigner<>(ControlCommand.class, ControlSigningTest.randomKey(), "ops-9");
    assertThat(guard(false).decide(stranger.sign(cmd(ControlAction.RESUME)), false).refusal())
        .isEqualTo(ControlGuard.Refusal.UNKNOWN_KEY);
    ControlCommand tampered = OPS.sign(cmd(ControlAction.HALT));
    tampered.setCommand(ControlAction.RESUME);
    ControlGuard.Decision d = guard(false).decide(tampered, false);
    assertThat(d.refusal()).isEqualTo(ControlGuard.Refusal.TAMPERED);
    assertThat(d.keyId()).isEqualTo("ops-1");
    RecordSigner<ControlCommand> wrongKey =
        new RecordSigner<>(ControlCommand.class, ControlSigningTest.randomKey(), "ops-1");
    assertThat(guard(false).decide(wrongKey.sign(cmd(ControlAction.RESUME)), false).refusal())
        .isEqualTo(ControlGuard.Refusal.TAMPERED);
  }

  @Test
  void theGatesKeySignsOnlyHalt() {
    assertThat(guard(true).decide(GATE.sign(cmd(ControlAction.HALT)), false).accepted()).isTrue();
    assertThat(guard(true).decide(GATE.sign(cmd(ControlAction.RESUME)), true).refusal())
        .isEqualTo(ControlGuard.Refusal.UNKNOWN_KEY);
    assertThat(
            new ControlGuard(Map.of("ops-1", OPS_KEY), null, null, true)
                .decide(GATE.sign(cmd(ControlAction.HALT)), false)
                .refusal())
        .isEqualTo(ControlGuard.Refusal.UNKNOWN_KEY);
  }

  @Test
  void configWithAnUnresolvedKeyOrNoKeysButRequireSignedCannotMakeAGuard() {
    ControlConfig none = ControlConfig.defaults().withRequireSigned(true);
    assertThatThrownBy(() -> ControlGuard.of(none, null, null))
        .hasMessageContaining("control.operator_keys is empty");
    ControlConfig ok =
        ControlConfig.defaults()
            .withOperatorKeys(List.of(new ControlConfig.OperatorKey("ops-1", Secret.of(OPS_KEY))));
    assertThat(ControlGuard.of(ok, GATE_KEY, "gate-1").operatorKeyIds()).containsExactly("ops-1");
    assertThat(ControlGuard.of(ok, GATE_KEY, "gate-1").toString()).doesNotContain(OPS_KEY);
    assertThatThrownBy(() -> ControlGuard.of(ok, GATE_KEY, "ops-1"))
        .hasMessageContaining("also the risk gate's signing key id");
  }
}
