package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The original system's model: the risk analysis ({@link RiskAnalyzer}), and every candidate setup
 * ({@link SetupGrid}) with the probability of reaching its target first as a weighted sum of
 * chain-wide factors ({@link OriginalFactors}) and the target's distance; EV = p·reward − (1 −
 * p)·risk in index points. Time to expiry plays no part, so {@code asOfNs} is not used.
 *
 * <p>Dealer positioning is not computed here: {@link ModelResult#positioning()} is null.
 */
public final class OriginalModel implements ChainModel {

  /** The name written into opportunities. */
  public static final String NAME = "original";

  private final ChainAnalyticsSettings settings;

  /** A model with the {@code chain:} section's risk, original and quality settings. */
  public OriginalModel(ChainAnalyticsSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Analyzes one expiry.
   *
   * @param chain the expiry's strikes
   * @param underlying F, index points (positive); NaN to estimate it ({@link UnderlyingEstimator})
   * @param asOfNs not used by this model
   * @throws IllegalArgumentException when the underlying is neither NaN nor a positive number, or
   *     when it must be estimated and cannot be
   */
  @Override
  public ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
    boolean estimated = Double.isNaN(underlying);
    double f = estimated ? UnderlyingEstimator.estimate(chain) : underlying;
    requirePositive(chain, f);
    RiskAnalysis risk = RiskAnalyzer.analyze(chain, f, settings.risk());
    List<Setup> evaluated = evaluate(chain, f);
    return new ModelResult(
        NAME,
        chain,
        f,
        estimated,
        risk,
        asOfNs == ChainModel.UNKNOWN_AS_OF
            ? null
            : DealerPositioning.of(chain, f, asOfNs, settings),
        evaluated.size(),
        SetupGrid.qualitySetups(evaluated, settings.quality()));
  }

  /**
   * Every candidate setup (risk and reward/risk bounds met, before the EV and probability filters)
   * with its probability, EV and factors, in {@link SetupGrid#candidates} order.
   *
   * @param chain the expiry's strikes
   * @param underlying F, index points (positive)
   */
  public List<Setup> evaluate(ExpiryChain chain, double underlying) {
    requirePositive(chain, underlying);
    OriginalFactors longs =
        OriginalFactors.of(chain, underlying, SetupDirection.LONG, settings.original());
    OriginalFactors shorts =
        OriginalFactors.of(chain, underlying, SetupDirection.SHORT, settings.original());
    List<Setup> out = new ArrayList<>();
    for (SetupGrid.Candidate c : SetupGrid.candidates(chain, underlying, settings.quality())) {
      OriginalFactors f = c.direction() == SetupDirection.LONG ? longs : shorts;
      double dist = OriginalFactors.distanceFactor(underlying, c.target());
      out.add(c.withProbability(f.probability(dist, settings.original()), f.asMap(dist)));
    }
    return out;
  }

  private static void requirePositive(ExpiryChain chain, double underlying) {
    if (!(Double.isFinite(underlying) && underlying > 0)) {
      throw new IllegalArgumentException(
          "original model, "
              + chain.underlying()
              + " expiry "
              + chain.expirationNs()
              + " ns: the underlying price must be a positive number (or NaN to estimate it), got "
              + underlying);
    }
  }
}
