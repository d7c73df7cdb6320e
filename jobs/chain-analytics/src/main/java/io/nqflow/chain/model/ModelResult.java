package io.nqflow.chain.model;

import java.util.List;

/**
 * One ranking of one expiry's chain.
 *
 * @param model the model's name ({@code original} or {@code black76})
 * @param chain the chain analyzed
 * @param underlying the underlying price used, index points
 * @param underlyingEstimated whether it was estimated from the chain (no price given)
 * @param risk the risk analysis
 * @param positioning dealer positioning
 * @param candidates setups considered (risk and reward/risk bounds met)
 * @param setups the quality setups, by descending expected value
 */
public record ModelResult(
    String model,
    ExpiryChain chain,
    double underlying,
    boolean underlyingEstimated,
    RiskAnalysis risk,
    Positioning positioning,
    int candidates,
    List<Setup> setups) {

  public ModelResult {
    setups = List.copyOf(setups);
  }
}
