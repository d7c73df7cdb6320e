package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.ChainAnalyticsSettings.Black76Settings;
import io.nqflow.chain.ChainAnalyticsSettings.PositioningSettings;
import io.nqflow.chain.ChainAnalyticsSettings.QualitySettings;
import io.nqflow.market.Black76;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Black-76 barrier model ({@code black76}): the future as a lognormal process with the chain's
 * at-the-money implied volatility and the configured drift; a setup's probability is the chance the
 * future touches its target before its stop within the horizon, its expected value the exact
 * expectation of the exit (target, stop, or the price at the horizon) minus the entry, in points
 * (see {@link BarrierProbability}).
 *
 * <p>Candidates are the pairs of the chain's strikes around the underlying F: long (target &gt; F
 * &gt; stop) and short (target &lt; F &lt; stop), with risk |F − stop| at most quality.max_risk and
 * reward over risk at least quality.min_reward_risk. A candidate is a setup when its expected value
 * is at least quality.min_ev and its probability at least quality.min_probability; setups rank by
 * expected value, then probability, descending. The horizon is the time from the snapshot to the
 * expiry, at most black76.max_horizon; an expired chain has no setups.
 *
 * <p>Factors of each setup: p_target, p_stop, p_neither (probabilities within the horizon),
 * volatility (per year), horizon_years, drift (per year).
 *
 * <p>The risk analysis is not computed here yet ({@link ModelResult#risk()} is null), and the
 * underlying must be given.
 */
public final class Black76Model implements ChainModel {

  /** The model's name in opportunities. */
  public static final String NAME = "black76";

  private final QualitySettings quality;
  private final Black76Settings black76;
  private final PositioningSettings positioning;
  private final ChainAnalyticsSettings.RiskAnalysisSettings risk;

  /** The model with the {@code chain:} section's quality, black76 and positioning settings. */
  public Black76Model(ChainAnalyticsSettings settings) {
    this(settings.quality(), settings.black76(), settings.positioning(), settings.risk());
  }

  /** A model without the risk analysis ({@link ModelResult#risk()} null). */
  public Black76Model(
      QualitySettings quality, Black76Settings black76, PositioningSettings positioning) {
    this(quality, black76, positioning, null);
  }

  /**
   * The model with explicit settings.
   *
   * @param quality the filters a setup must pass and the candidates' risk bounds
   * @param black76 drift, fallback volatility and horizon cap
   * @param positioning the dealer positioning reported with every result
   */
  public Black76Model(
      QualitySettings quality,
      Black76Settings black76,
      PositioningSettings positioning,
      ChainAnalyticsSettings.RiskAnalysisSettings risk) {
    this.risk = risk;
    this.quality = quality;
    this.black76 = black76;
    this.positioning = positioning;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
    if (asOfNs == UNKNOWN_AS_OF) {
      throw new IllegalArgumentException(
          "the black76 model needs the snapshot's time (as_of) for the time to expiry of "
              + chain.underlying());
    }
    boolean estimated = Double.isNaN(underlying);
    double f = estimated ? UnderlyingEstimator.estimate(chain) : underlying;
    if (!(f > 0) || Double.isInfinite(f)) {
      throw new IllegalArgumentException(
          "underlying of " + chain.underlying() + " must be positive, got " + f);
    }
    double toExpiry = ChainVolatility.yearsToExpiry(chain.expirationNs(), asOfNs);
    double vol = ChainVolatility.atTheMoney(chain, f, toExpiry, black76.fallbackVol());
    double maxHorizon = black76.maxHorizon().toNanos() / 1e9 / Black76.SECONDS_PER_YEAR;
    double horizon = Math.min(toExpiry, maxHorizon);
    Positioning dealers =
        DealerPositioning.of(chain, f, asOfNs, positioning, black76.fallbackVol());
    RiskAnalysis riskAnalysis = risk == null ? null : RiskAnalyzer.analyze(chain, f, risk);

    List<Setup> setups = new ArrayList<>();
    int candidates = 0;
    if (horizon > 0) {
      for (SetupGrid.Candidate c : SetupGrid.candidates(chain, f, quality)) {
        candidates++;
        Setup setup = evaluate(c, f, horizon, vol);
        if (setup.ev() >= quality.minEv() && setup.probability() >= quality.minProbability()) {
          setups.add(setup);
        }
      }
    }
    setups.sort(
        Comparator.comparingDouble(Setup::ev)
            .thenComparingDouble(Setup::probability)
            .reversed()
            .thenComparingDouble(Setup::target)
            .thenComparingDouble(Setup::stop));
    return new ModelResult(NAME, chain, f, estimated, riskAnalysis, dealers, candidates, setups);
  }

  private Setup evaluate(SetupGrid.Candidate c, double f, double horizon, double vol) {
    boolean isLong = c.direction() == SetupDirection.LONG;
    double lower = isLong ? c.stop() : c.target();
    double upper = isLong ? c.target() : c.stop();
    double mu = black76.drift();
    BarrierProbability.Outcome p = BarrierProbability.outcome(f, lower, upper, horizon, vol, mu);
    double longEv = BarrierProbability.longExpectedValue(f, lower, upper, horizon, vol, mu);
    double target = isLong ? p.upperFirst() : p.lowerFirst();
    double stop = isLong ? p.lowerFirst() : p.upperFirst();
    Map<String, Double> factors = new LinkedHashMap<>();
    factors.put("p_target", target);
    factors.put("p_stop", stop);
    factors.put("p_neither", p.neither());
    factors.put("volatility", vol);
    factors.put("horizon_years", horizon);
    factors.put("drift", mu);
    return new Setup(
        c.direction(),
        c.target(),
        c.stop(),
        Math.abs(c.target() - f),
        Math.abs(f - c.stop()),
        target,
        isLong ? longEv : -longEv,
        factors);
  }
}
