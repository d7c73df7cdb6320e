package io.nqflow.chain;

import io.nqflow.core.config.Checks;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.Validating;
import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code chain:} section of a profile: the chain-analytics job's and {@code nqflow analyze}'s
 * models. The defaults are the original system's figures (docs/algorithms.md, "Chain analytics").
 *
 * @param variant A/B variant written into every opportunity
 * @param model which model ranks the setups
 * @param interval how often (event time) the job ranks each chain and emits its opportunities
 * @param top opportunities emitted per chain and emission
 * @param risk the risk analysis ("who has more skin in the game")
 * @param original the original model's probability weights
 * @param quality the filters a setup must pass to be an opportunity
 * @param black76 the Black-76 barrier model
 * @param positioning dealer positioning (gamma exposure, walls, max pain)
 */
public record ChainAnalyticsSettings(
    @Key("/variant") String variant,
    @Doc(
            "Model that ranks the setups: original (the weighted factors) or black76 (barrier hitting)")
        ChainModelKind model,
    @Doc(value = "Event-time interval between two rankings of a chain", unit = "duration")
        Duration interval,
    @Doc(value = "Opportunities emitted per chain and ranking", unit = "setups") int top,
    @Key("risk") RiskAnalysisSettings risk,
    @Key("original") OriginalSettings original,
    @Key("quality") QualitySettings quality,
    @Key("black76") Black76Settings black76,
    @Key("positioning") PositioningSettings positioning)
    implements Validating, Serializable {

  public static final ConfigSection<ChainAnalyticsSettings> SECTION =
      ConfigSection.of("chain", ChainAnalyticsSettings.class, ChainAnalyticsSettings::defaults);

  /** The original system's figures. */
  public static ChainAnalyticsSettings defaults() {
    return new ChainAnalyticsSettings(
        "baseline",
        ChainModelKind.ORIGINAL,
        Duration.ofMinutes(1),
        5,
        RiskAnalysisSettings.defaults(),
        OriginalSettings.defaults(),
        QualitySettings.defaults(),
        Black76Settings.defaults(),
        PositioningSettings.defaults());
  }

  public ChainAnalyticsSettings withVariant(String value) {
    return new ChainAnalyticsSettings(
        value, model, interval, top, risk, original, quality, black76, positioning);
  }

  public ChainAnalyticsSettings withModel(ChainModelKind value) {
    return new ChainAnalyticsSettings(
        variant, value, interval, top, risk, original, quality, black76, positioning);
  }

  @Override
  public void validate(Checks checks) {
    checks.positive("interval", interval);
    checks.range("top", top, 1, 1000);
    risk.validate(checks);
    original.validate(checks);
    quality.validate(checks);
    black76.validate(checks);
    positioning.validate(checks);
  }

  /** Which model computes a setup's probability. */
  public enum ChainModelKind {
    ORIGINAL,
    BLACK76
  }

  /**
   * Risk analysis thresholds.
   *
   * @param callDominance Rc / Rp above this is call dominance
   * @param putDominance Rc / Rp below this is put dominance
   * @param immediateDistance battle zones this close are IMMEDIATE
   * @param nearTermDistance ... NEAR_TERM
   * @param mediumTermDistance ... MEDIUM_TERM (further: DISTANT)
   * @param immediateFactor danger multiplier of an IMMEDIATE zone
   * @param nearTermFactor danger multiplier of a NEAR_TERM zone
   * @param mediumTermFactor danger multiplier of a MEDIUM_TERM zone
   * @param distantFactor danger multiplier of a DISTANT zone
   * @param heavyReinforcement volume over OI above this is HEAVY
   * @param moderateReinforcement volume over OI above this is MODERATE
   */
  public record RiskAnalysisSettings(
      @Key("call_dominance") @Doc(value = "Rc / Rp above this: call dominance", unit = "ratio")
          double callDominance,
      @Key("put_dominance") @Doc(value = "Rc / Rp below this: put dominance", unit = "ratio")
          double putDominance,
      @Key("zones.immediate_distance")
          @Doc(value = "A battle zone this close to the underlying is IMMEDIATE", unit = "points")
          double immediateDistance,
      @Key("zones.near_term_distance")
          @Doc(value = "... within this distance NEAR_TERM", unit = "points")
          double nearTermDistance,
      @Key("zones.medium_term_distance")
          @Doc(value = "... within this distance MEDIUM_TERM, further DISTANT", unit = "points")
          double mediumTermDistance,
      @Key("zones.immediate_factor")
          @Doc(value = "Danger = risk x this for an IMMEDIATE zone", unit = "factor")
          double immediateFactor,
      @Key("zones.near_term_factor")
          @Doc(value = "Danger factor of a NEAR_TERM zone", unit = "factor")
          double nearTermFactor,
      @Key("zones.medium_term_factor")
          @Doc(value = "Danger factor of a MEDIUM_TERM zone", unit = "factor")
          double mediumTermFactor,
      @Key("zones.distant_factor") @Doc(value = "Danger factor of a DISTANT zone", unit = "factor")
          double distantFactor,
      @Key("zones.heavy_reinforcement")
          @Doc(value = "Strike volume over the side's OI above this: HEAVY", unit = "ratio")
          double heavyReinforcement,
      @Key("zones.moderate_reinforcement")
          @Doc(value = "Strike volume over the side's OI above this: MODERATE", unit = "ratio")
          double moderateReinforcement)
      implements Serializable {

    public static RiskAnalysisSettings defaults() {
      return new RiskAnalysisSettings(2.0, 0.5, 10, 25, 50, 3, 2, 1, 0.5, 1.0, 0.5);
    }

    void validate(Checks checks) {
      checks.require(
          putDominance > 0 && putDominance <= callDominance,
          "risk.put_dominance",
          "must be positive and at most risk.call_dominance");
      checks.require(
          immediateDistance >= 0
              && immediateDistance <= nearTermDistance
              && nearTermDistance <= mediumTermDistance,
          "risk.zones",
          "distances must ascend: immediate <= near_term <= medium_term");
      checks.require(
          moderateReinforcement >= 0 && moderateReinforcement <= heavyReinforcement,
          "risk.zones.moderate_reinforcement",
          "must be between 0 and heavy_reinforcement");
    }
  }

  /**
   * The original model's probability: p = wOi·OI + wVol·VOL + wPcr·PCR + wDist·DIST, clamped.
   *
   * @param oiWeight weight of the open-interest factor
   * @param volumeWeight weight of the volume factor
   * @param pcrWeight weight of the put/call premium factor
   * @param distanceWeight weight of the distance factor
   * @param minProbability p is clamped to at least this
   * @param maxProbability p is clamped to at most this
   * @param band1 |K - F| / F up to this gets weight1
   * @param band2 ... up to this weight2
   * @param band3 ... up to this weight3, beyond weightBeyond
   * @param weight1 strike weight within band1
   * @param weight2 strike weight within band2
   * @param weight3 strike weight within band3
   * @param weightBeyond strike weight beyond band3
   * @param sameSideModifier direction modifier of strikes on the trade's side of F
   * @param otherSideModifier direction modifier of the other strikes
   */
  public record OriginalSettings(
      @Key("weights.oi") @Doc(value = "Weight of the open-interest factor", unit = "fraction")
          double oiWeight,
      @Key("weights.volume") @Doc(value = "Weight of the volume factor", unit = "fraction")
          double volumeWeight,
      @Key("weights.pcr") @Doc(value = "Weight of the put/call premium factor", unit = "fraction")
          double pcrWeight,
      @Key("weights.distance") @Doc(value = "Weight of the distance factor", unit = "fraction")
          double distanceWeight,
      @Key("min_probability")
          @Doc(value = "The probability is clamped to at least this", unit = "probability")
          double minProbability,
      @Key("max_probability")
          @Doc(value = "The probability is clamped to at most this", unit = "probability")
          double maxProbability,
      @Key("bands.first")
          @Doc(value = "|K - F| / F up to this gets bands.first_weight", unit = "fraction")
          double band1,
      @Key("bands.second") @Doc(value = "... up to this bands.second_weight", unit = "fraction")
          double band2,
      @Key("bands.third")
          @Doc(
              value = "... up to this bands.third_weight, beyond bands.beyond_weight",
              unit = "fraction")
          double band3,
      @Key("bands.first_weight") @Doc(value = "Strike weight within bands.first", unit = "weight")
          double weight1,
      @Key("bands.second_weight") @Doc(value = "Strike weight within bands.second", unit = "weight")
          double weight2,
      @Key("bands.third_weight") @Doc(value = "Strike weight within bands.third", unit = "weight")
          double weight3,
      @Key("bands.beyond_weight") @Doc(value = "Strike weight beyond bands.third", unit = "weight")
          double weightBeyond,
      @Key("same_side_modifier")
          @Doc(
              value = "Direction modifier of strikes on the trade's side of F (above for long)",
              unit = "factor")
          double sameSideModifier,
      @Key("other_side_modifier")
          @Doc(value = "Direction modifier of the other strikes", unit = "factor")
          double otherSideModifier)
      implements Serializable {

    public static OriginalSettings defaults() {
      return new OriginalSettings(
          0.35, 0.25, 0.25, 0.15, 0.1, 0.9, 0.01, 0.02, 0.05, 1.0, 0.8, 0.5, 0.2, 1.0, -0.5);
    }

    void validate(Checks checks) {
      checks.require(
          0 <= minProbability && minProbability <= maxProbability && maxProbability <= 1,
          "original.min_probability",
          "must satisfy 0 <= min_probability <= max_probability <= 1");
      checks.require(
          0 <= band1 && band1 <= band2 && band2 <= band3,
          "original.bands",
          "must ascend: 0 <= first <= second <= third");
    }
  }

  /**
   * What a setup must show to be an opportunity.
   *
   * @param minEv expected value at least, points
   * @param minProbability probability of the target first at least
   * @param maxRisk risk (distance to the stop) at most, points
   * @param minRewardRisk reward over risk at least
   */
  public record QualitySettings(
      @Key("min_ev") @Doc(value = "Expected value at least", unit = "points") double minEv,
      @Key("min_probability")
          @Doc(value = "Probability of reaching the target first at least", unit = "probability")
          double minProbability,
      @Key("max_risk")
          @Doc(value = "Distance from the underlying to the stop at most", unit = "points")
          double maxRisk,
      @Key("min_reward_risk") @Doc(value = "Reward over risk at least", unit = "ratio")
          double minRewardRisk)
      implements Serializable {

    public static QualitySettings defaults() {
      return new QualitySettings(15, 0.60, 150, 1.0);
    }

    void validate(Checks checks) {
      checks.range("quality.min_probability", minProbability, 0, 1);
      checks.above("quality.max_risk", maxRisk, 0);
      checks.require(minRewardRisk >= 0, "quality.min_reward_risk", "must not be negative");
    }
  }

  /**
   * The Black-76 barrier model: the future as a lognormal process with the chain's implied
   * volatility, the setup's probability the chance it touches the target before the stop within the
   * horizon.
   *
   * @param drift annual drift of the future (0: a martingale, as Black-76 prices it)
   * @param fallbackVol volatility used when the chain implies none
   * @param maxHorizon the horizon is the time to the chain's expiry, at most this
   */
  public record Black76Settings(
      @Doc(
              value =
                  "Annual drift of the future: 0 is the martingale Black-76 prices with, which"
                      + " gives every setup an expected value of 0",
              unit = "per year")
          double drift,
      @Key("fallback_vol") @Doc(value = "Volatility when the chain implies none", unit = "per year")
          double fallbackVol,
      @Key("max_horizon")
          @Doc(value = "Horizon: the time to the chain's expiry, at most this", unit = "duration")
          Duration maxHorizon)
      implements Serializable {

    public static Black76Settings defaults() {
      return new Black76Settings(0.0, 0.20, Duration.ofDays(7));
    }

    void validate(Checks checks) {
      checks.above("black76.fallback_vol", fallbackVol, 0);
      checks.positive("black76.max_horizon", maxHorizon);
    }
  }

  /**
   * Dealer positioning.
   *
   * @param dealerSign whose gamma the dealers hold
   * @param zeroGammaRange zero gamma is searched within ±this fraction of the underlying
   * @param zeroGammaSteps grid points of that search
   */
  public record PositioningSettings(
      @Key("dealer_sign")
          @Doc(
              "Sign convention of gamma exposure: calls_long_puts_short (dealers long the calls"
                  + " and short the puts customers hold: the common convention), short_all or"
                  + " long_all")
          DealerSign dealerSign,
      @Key("zero_gamma_range")
          @Doc(
              value = "Zero gamma is searched within this fraction of the underlying either side",
              unit = "fraction")
          double zeroGammaRange,
      @Key("zero_gamma_steps") @Doc(value = "Grid points of the zero-gamma search", unit = "points")
          int zeroGammaSteps)
      implements Serializable {

    public static PositioningSettings defaults() {
      return new PositioningSettings(DealerSign.CALLS_LONG_PUTS_SHORT, 0.10, 401);
    }

    void validate(Checks checks) {
      checks.range("positioning.zero_gamma_range", zeroGammaRange, 1e-4, 0.9);
      checks.range("positioning.zero_gamma_steps", zeroGammaSteps, 3, 100_000);
    }
  }

  /** Sign convention of dealers' gamma. */
  public enum DealerSign {
    CALLS_LONG_PUTS_SHORT,
    SHORT_ALL,
    LONG_ALL
  }
}
