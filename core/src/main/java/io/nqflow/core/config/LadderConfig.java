package io.nqflow.core.config;

import java.time.Duration;

/**
 * Ladder pattern: same-side aggression across adjacent strikes within seconds ({@code
 * detection.patterns.ladder:}).
 *
 * @param enabled whether the pattern runs
 * @param version pattern version, carried on its signals
 * @param minStrikes minimum adjacent strikes hit
 * @param window time within which all strikes must be hit
 * @param minContractsPerStrike minimum aggressive contracts on each strike
 */
public record LadderConfig(
    boolean enabled, int version, int minStrikes, Duration window, long minContractsPerStrike)
    implements Validating {

  public static LadderConfig defaults() {
    return new LadderConfig(true, 1, 3, Duration.ofSeconds(10), 20);
  }

  @Override
  public void validate(Checks c) {
    c.range("version", version, 1, 1_000);
    c.range("min_strikes", minStrikes, 2, 100);
    c.positive("window", window);
    c.range("min_contracts_per_strike", minContractsPerStrike, 1, 100_000_000);
  }
}
