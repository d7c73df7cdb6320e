package io.nqflow.core.config;

/**
 * Sweep pattern: one aggressive order through several price levels in one match event ({@code
 * detection.patterns.sweep:}).
 *
 * @param enabled whether the pattern runs
 * @param version pattern version, carried on its signals
 * @param minLevels minimum price levels taken
 * @param minContracts minimum contracts in the sweep
 * @param minPremiumUsd minimum premium notional, USD
 */
public record SweepConfig(
    boolean enabled, int version, int minLevels, long minContracts, double minPremiumUsd)
    implements Validating {

  public static SweepConfig defaults() {
    return new SweepConfig(true, 1, 3, 50, 50_000);
  }

  @Override
  public void validate(Checks c) {
    c.range("version", version, 1, 1_000);
    c.range("min_levels", minLevels, 2, 100);
    c.range("min_contracts", minContracts, 1, 100_000_000);
    c.range("min_premium_usd", minPremiumUsd, 0, 1e12);
  }
}
