package io.nqflow.core.config;

import java.time.Duration;

/**
 * Paper broker simulation ({@code execution.paper:}).
 *
 * @param latency simulated order-to-fill latency
 * @param slippageTicks adverse slippage applied to every fill, in ticks
 */
public record PaperConfig(Duration latency, int slippageTicks) implements Validating {

  public static PaperConfig defaults() {
    return new PaperConfig(Duration.ofMillis(5), 1);
  }

  @Override
  public void validate(Checks c) {
    c.atLeast("latency", latency, Duration.ZERO);
    c.range("slippage_ticks", slippageTicks, 0, 100);
  }
}
