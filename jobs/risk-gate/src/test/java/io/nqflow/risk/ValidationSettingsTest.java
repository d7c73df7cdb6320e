package io.nqflow.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValidationSettingsTest {
  @Test
  void isOffByDefaultWithAThresholdAboveTheDefaultBracketsBreakEven() {
    ValidationSettings d = RiskSettings.defaults().validation();
    assertThat(d.enabled()).isFalse();
    assertThat(d.minAccuracy()).isEqualTo(0.40);
    assertThat(d.window()).isEqualTo(50);
    assertThat(d.minSamples()).isEqualTo(20);
    // Target +100 %, stop -50 % of the premium: a win pays 1, a loss costs 0.5, so the bucket
    // breaks even at p = 0.5 / 1.5 = 1/3 before fees.
    RiskSettings r = RiskSettings.defaults();
    double breakEven = r.stopLossFraction() / (r.stopLossFraction() + r.profitTargetFraction());
    assertThat(d.minAccuracy()).isGreaterThan(breakEven);
  }

  @Test
  void listsEveryProblemAtItsKey() {
    assertThatThrownBy(() -> new ValidationSettings(true, 1.5, 0, 0))
        .hasMessageContaining("validation.min_accuracy must be in [0, 1], got 1.5")
        .hasMessageContaining("validation.window must be in [1, 10000] outcomes, got 0")
        .hasMessageContaining("validation.min_samples must be at least 1, got 0");
    assertThatThrownBy(() -> new ValidationSettings(true, 0.5, 10, 11))
        .hasMessageContaining("validation.min_samples (11) must not exceed validation.window (10)");
  }

  @Test
  void aMissingSectionTakesTheDefaults() {
    RiskSettings r = RiskSettings.defaults().toBuilder().validation(null).build();
    assertThat(r.validation()).isEqualTo(ValidationSettings.defaults());
  }
}
