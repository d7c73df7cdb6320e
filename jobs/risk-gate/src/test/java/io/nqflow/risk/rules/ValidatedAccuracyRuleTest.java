package io.nqflow.risk.rules;

import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.validation.ValidationVerdict;
import org.junit.jupiter.api.Test;

class ValidatedAccuracyRuleTest {
  private final ValidatedAccuracyRule rule = new ValidatedAccuracyRule();

  private static SignalContext with(ValidationVerdict v) {
    return SignalContext.of(
        Contexts.DEFAULTS, new RiskBook(), entry(2.00).build(), Contexts.NO_SPEND, v);
  }

  @Test
  void rejectsAMeasuredBucketBelowTheMinimumNamingAccuracySamplesAndThreshold() {
    // 3 wins of 10 = 0.300 < 0.550, measured (10 >= 8).
    ValidationVerdict v = new ValidationVerdict("ifd_v1_volume_ratio/HIGH", 10, 3, 0.55, 8);

    assertThat(rule.check(with(v)))
        .containsExactly(
            "bucket ifd_v1_volume_ratio/HIGH: accuracy 0.300 (3 of 10 decided outcomes) <"
                + " min_accuracy 0.550 (min_samples 8)");
  }

  @Test
  void passesABucketAtTheMinimumOrNotYetMeasured() {
    // 11 of 20 = 0.55 exactly: not below.
    assertThat(rule.check(with(new ValidationVerdict("b", 20, 11, 0.55, 8)))).isEmpty();
    // 0 of 7 but 7 < min_samples 8.
    assertThat(rule.check(with(new ValidationVerdict("b", 7, 0, 0.55, 8)))).isEmpty();
    // Validation off.
    assertThat(rule.check(with(null))).isEmpty();
  }

  @Test
  void neverBlocksAnExit() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 1, 2.00, 1.40);
    SignalContext exit =
        SignalContext.of(
            Contexts.DEFAULTS,
            b,
            entry(2.00).setAggressor(Side.ASK).build(),
            Contexts.NO_SPEND,
            new ValidationVerdict("b", 10, 0, 0.55, 8));

    assertThat(RuleChain.standard().violations(exit))
        .extracting(RuleViolation::getRule)
        .doesNotContain("validated_accuracy");
    assertThat(RuleChain.standard().violations(with(new ValidationVerdict("b", 10, 0, 0.55, 8))))
        .extracting(RuleViolation::getRule)
        .containsExactly("validated_accuracy");
  }
}
