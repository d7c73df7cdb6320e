package io.nqflow.core.config;

import java.time.Duration;

/**
 * Block then follow-through pattern ({@code detection.patterns.block:}).
 *
 * @param enabled whether the pattern runs
 * @param version pattern version, carried on its signals
 * @param minContracts minimum contracts of the block trade
 * @param followThroughWindow time after the block in which follow-through must appear
 * @param minFollowThroughContracts minimum same-direction contracts after the block
 */
public record BlockConfig(
    boolean enabled,
    int version,
    long minContracts,
    Duration followThroughWindow,
    long minFollowThroughContracts)
    implements Validating {

  public static BlockConfig defaults() {
    return new BlockConfig(true, 1, 250, Duration.ofSeconds(60), 50);
  }

  @Override
  public void validate(Checks c) {
    c.range("version", version, 1, 1_000);
    c.range("min_contracts", minContracts, 1, 100_000_000);
    c.positive("follow_through_window", followThroughWindow);
    c.range("min_follow_through_contracts", minFollowThroughContracts, 0, 100_000_000);
  }
}
