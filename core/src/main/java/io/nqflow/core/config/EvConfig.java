package io.nqflow.core.config;

/**
 * Expected-value filter for setups ({@code risk.ev:}); points are NQ index points.
 *
 * @param minEvPoints minimum expected value, index points
 * @param minProbability minimum probability of reaching the target, 0..1
 * @param maxRiskPoints maximum risk of the setup, index points
 */
public record EvConfig(double minEvPoints, double minProbability, double maxRiskPoints)
    implements Validating {

  public static EvConfig defaults() {
    return new EvConfig(15, 0.6, 150);
  }

  @Override
  public void validate(Checks c) {
    c.range("min_ev_points", minEvPoints, 0, 10_000);
    c.range("min_probability", minProbability, 0, 1);
    c.range("max_risk_points", maxRiskPoints, 0.25, 10_000);
  }
}
