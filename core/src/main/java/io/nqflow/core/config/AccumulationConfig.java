package io.nqflow.core.config;

import java.time.Duration;

/**
 * Accumulation pattern: sustained one-sided buying or selling over minutes ({@code
 * detection.patterns.accumulation:}).
 *
 * @param enabled whether the pattern runs
 * @param version pattern version, carried on its signals
 * @param window accumulation window
 * @param minContracts minimum aggressive contracts in the window
 * @param minOneSidedRatio minimum share of the window's volume on the dominant side, 0.5..1
 */
public record AccumulationConfig(
    boolean enabled, int version, Duration window, long minContracts, double minOneSidedRatio)
    implements Validating {

  public static AccumulationConfig defaults() {
    return new AccumulationConfig(true, 1, Duration.ofMinutes(15), 500, 0.7);
  }

  @Override
  public void validate(Checks c) {
    c.range("version", version, 1, 1_000);
    c.atLeast("window", window, Duration.ofSeconds(1));
    c.range("min_contracts", minContracts, 1, 100_000_000);
    c.range("min_one_sided_ratio", minOneSidedRatio, 0.5, 1);
  }
}
