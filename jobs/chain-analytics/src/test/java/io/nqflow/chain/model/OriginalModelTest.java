package io.nqflow.chain.model;

import static io.nqflow.chain.model.OriginalModelGoldenTest.golden;
import static io.nqflow.chain.model.TestChains.call;
import static io.nqflow.chain.model.TestChains.chain;
import static io.nqflow.chain.model.TestChains.put;
import static io.nqflow.chain.model.TestChains.row;
import static io.nqflow.chain.model.TestChains.weights;
import static io.nqflow.chain.model.TestChains.withOriginal;
import static io.nqflow.chain.model.TestChains.withQuality;
import static io.nqflow.chain.model.TestChains.withRisk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.ChainAnalyticsSettings.OriginalSettings;
import io.nqflow.chain.ChainAnalyticsSettings.QualitySettings;
import io.nqflow.chain.ChainAnalyticsSettings.RiskAnalysisSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The original model beyond the golden chain: the estimate, errors, and every settings group. */
class OriginalModelTest {

  private static final double F = 20000;
  private final OriginalModel model = new OriginalModel(ChainAnalyticsSettings.defaults());

  @Test
  void nameIsOriginal() {
    assertThat(model.name()).isEqualTo("original");
  }

  @Test
  void aMissingUnderlyingIsEstimatedByInterpolation() {
    // C - P: 20000 +10, 20025 -15 -> F = 20000 + 10 / 25 * 25 = 20010.
    ExpiryChain c =
        chain(
            row(20000, call(20000, 40, 0, 10), put(20000, 30, 0, 10)),
            row(20025, call(20025, 28, 0, 10), put(20025, 43, 0, 10)));
    ModelResult r = model.analyze(c, Double.NaN, 0L);
    assertThat(r.underlying()).isCloseTo(20010.0, within(1e-9));
    assertThat(r.underlyingEstimated()).isTrue();
    // Both strikes are now at risk: call 20025 10 * 28 * 20 = 5600, put 20000 10 * 30 * 20 = 6000.
    assertThat(r.risk().callRiskUsd()).isEqualTo(5600.0);
    assertThat(r.risk().putRiskUsd()).isEqualTo(6000.0);
  }

  @Test
  void anImpossibleEstimateIsAClearError() {
    ExpiryChain c = chain(row(20000, call(20000, 40, 0, 10), null));
    assertThatThrownBy(() -> model.analyze(c, Double.NaN, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot estimate the underlying");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -5.0, Double.POSITIVE_INFINITY})
  void aNonPositiveOrInfiniteUnderlyingIsRejected(double underlying) {
    assertThatThrownBy(() -> model.analyze(golden(), underlying, 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("underlying price must be a positive number");
  }

  @Test
  void anEmptyChainHasNothing() {
    ModelResult r = model.analyze(chain(), F, 0L);
    assertThat(r.candidates()).isZero();
    assertThat(r.setups()).isEmpty();
    assertThat(r.risk().zones()).isEmpty();
    // The original's rule read literally: no risk is a ratio of 0, below 0.5.
    assertThat(r.risk().verdict()).isEqualTo(Verdict.PUT_DOMINANCE);
  }

  @Test
  void everyQualitySetupIsAnEvaluatedCandidateThatPassesTheFilters() {
    ModelResult r = model.analyze(golden(), F, 0L);
    assertThat(model.evaluate(golden(), F)).hasSize(r.candidates()).containsAll(r.setups());
  }

  @Test
  void riskSettingsChangeTheVerdict() {
    // Golden ratio 612,000 / 560,000 = 1.093: call dominance above 1.05.
    RiskAnalysisSettings d = RiskAnalysisSettings.defaults();
    RiskAnalysisSettings s =
        new RiskAnalysisSettings(
            1.05,
            d.putDominance(),
            d.immediateDistance(),
            d.nearTermDistance(),
            d.mediumTermDistance(),
            d.immediateFactor(),
            d.nearTermFactor(),
            d.mediumTermFactor(),
            d.distantFactor(),
            d.heavyReinforcement(),
            d.moderateReinforcement());
    assertThat(new OriginalModel(withRisk(s)).analyze(golden(), F, 0L).risk().verdict())
        .isEqualTo(Verdict.CALL_DOMINANCE);
  }

  @Test
  void aWeightSettingChangesTheProbability() {
    // Golden long 20075/19950 with the OI weight 0 instead of 0.35: p drops by 0.35 * 0.65 =
    // 0.2275, from 0.725055931 to 0.497555931.
    OriginalModel m = new OriginalModel(withOriginal(weights(0.0, 0.25, 0.25, 0.15)));
    Setup s =
        m.evaluate(golden(), F).stream()
            .filter(x -> x.target() == 20075 && x.stop() == 19950)
            .findFirst()
            .orElseThrow();
    assertThat(s.probability()).isCloseTo(0.4975559307, within(1e-9));
    // No long reaches 0.60 any more, shorts neither: no quality setup.
    assertThat(m.analyze(golden(), F, 0L).setups()).isEmpty();
  }

  @Test
  void aBandWeightSettingChangesTheFactors() {
    // Second-band weight 0 instead of 0.8: 20250 (1.25%) no longer counts. Long OI: above F 1000 +
    // 500 + 50 = 1550, other side -1300 -> 250 / 1000 = 0.25.
    OriginalSettings d = OriginalSettings.defaults();
    OriginalSettings s =
        new OriginalSettings(
            d.oiWeight(),
            d.volumeWeight(),
            d.pcrWeight(),
            d.distanceWeight(),
            d.minProbability(),
            d.maxProbability(),
            d.band1(),
            d.band2(),
            d.band3(),
            d.weight1(),
            0.0,
            d.weight3(),
            d.weightBeyond(),
            d.sameSideModifier(),
            d.otherSideModifier());
    Setup first = new OriginalModel(withOriginal(s)).evaluate(golden(), F).get(0);
    assertThat(first.direction()).isEqualTo(SetupDirection.LONG);
    assertThat(first.factors().get("oi")).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void theMaximumProbabilitySettingCapsEveryLong() {
    OriginalSettings d = OriginalSettings.defaults();
    OriginalSettings s =
        new OriginalSettings(
            d.oiWeight(),
            d.volumeWeight(),
            d.pcrWeight(),
            d.distanceWeight(),
            d.minProbability(),
            0.7,
            d.band1(),
            d.band2(),
            d.band3(),
            d.weight1(),
            d.weight2(),
            d.weight3(),
            d.weightBeyond(),
            d.sameSideModifier(),
            d.otherSideModifier());
    // Golden longs have p 0.7237..0.7254 > 0.7: all capped. Shorts (0.578..0.580) are not.
    assertThat(new OriginalModel(withOriginal(s)).evaluate(golden(), F))
        .allSatisfy(
            x -> {
              if (x.direction() == SetupDirection.LONG) {
                assertThat(x.probability()).isEqualTo(0.7);
              } else {
                assertThat(x.probability()).isLessThan(0.7);
              }
            });
  }

  @Test
  void qualitySettingsChangeCandidatesAndSetups() {
    // max_risk 200: long 20250/19800 (reward 250, risk 200) becomes a candidate; the short
    // 19800/20250 has RR 0.8 and stays out. 18 -> 19 candidates.
    QualitySettings wide = new QualitySettings(15, 0.6, 200, 1.0);
    assertThat(new OriginalModel(withQuality(wide)).analyze(golden(), F, 0L).candidates())
        .isEqualTo(19);
    // min_probability 0.55: every short (p = 0.430232633 + 0.15 DIST, 0.5787..0.5800) passes the
    // probability; those with EV >= 15 join the 8 longs. Short p by target: 19975 0.580045,
    // 19950 0.579858, 19925 0.579670, 19800 0.578733. EV:
    //  19975/20025 25(2p-1) = 4.00 no;   19950/20025 75p - 25 = 18.49 yes;
    //  19950/20050 50(2p-1) = 7.99 no;   19925/20025 100p - 25 = 32.97 yes;
    //  19925/20050 125p - 50 = 22.46 yes; 19925/20075 75(2p-1) = 11.95 no;
    //  19800/20025 225p - 25 = 105.21 yes; 19800/20050 250p - 50 = 94.68 yes;
    //  19800/20075 275p - 75 = 84.15 yes. 6 shorts, 14 setups.
    QualitySettings loose = new QualitySettings(15, 0.55, 150, 1.0);
    ModelResult r = new OriginalModel(withQuality(loose)).analyze(golden(), F, 0L);
    assertThat(r.setups()).hasSize(14);
    assertThat(r.setups()).filteredOn(x -> x.direction() == SetupDirection.SHORT).hasSize(6);
    // min_ev 0: the long 20025/19975 (EV 11.27) passes, 9 longs.
    QualitySettings anyEv = new QualitySettings(0, 0.6, 150, 1.0);
    assertThat(new OriginalModel(withQuality(anyEv)).analyze(golden(), F, 0L).setups()).hasSize(9);
  }
}
