package io.nqflow.chain.model;

import java.util.Map;

/**
 * A trade setup between two strike levels of the underlying: a target and a stop.
 *
 * @param direction long (target above the underlying) or short
 * @param target target level, index points
 * @param stop stop level, index points
 * @param reward |target - underlying|, points
 * @param risk |underlying - stop|, points
 * @param probability probability of reaching the target first, 0..1
 * @param ev expected value, points
 * @param factors the model's inputs to the probability, by name (documented per model in
 *     docs/algorithms.md)
 */
public record Setup(
    SetupDirection direction,
    double target,
    double stop,
    double reward,
    double risk,
    double probability,
    double ev,
    Map<String, Double> factors) {

  public Setup {
    factors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(factors));
  }

  /** Reward over risk. */
  public double rewardRisk() {
    return reward / risk;
  }
}
