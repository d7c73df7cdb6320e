package io.nqflow.core.config;

import java.time.Duration;

/**
 * Iceberg / refill pattern: repeated fills at one level with replenishment ({@code
 * detection.patterns.iceberg:}).
 *
 * @param enabled whether the pattern runs
 * @param version pattern version, carried on its signals
 * @param minRefills minimum replenishments of the level
 * @param window time within which the refills happen
 * @param minContracts minimum contracts filled at the level
 */
public record IcebergConfig(
    boolean enabled, int version, int minRefills, Duration window, long minContracts)
    implements Validating {

  public static IcebergConfig defaults() {
    return new IcebergConfig(true, 1, 3, Duration.ofSeconds(30), 100);
  }

  @Override
  public void validate(Checks c) {
    c.range("version", version, 1, 1_000);
    c.range("min_refills", minRefills, 1, 10_000);
    c.positive("window", window);
    c.range("min_contracts", minContracts, 1, 100_000_000);
  }
}
