package io.nqflow.core.config;

import java.time.Duration;

/**
 * IFD v3.0 MBO pressure detector ({@code detection.mbo_pressure:}).
 *
 * @param enabled whether the detector runs
 * @param window aggregation window per strike
 * @param minContracts minimum aggressive contracts in the window
 * @param minImbalance minimum |buy - sell| / (buy + sell), 0..1
 * @param zModerate z-score vs the baseline for MODERATE confidence
 * @param zHigh z-score for HIGH
 * @param zImmediate z-score that makes the signal IMMEDIATE
 * @param maxCancelRatio cancels / adds above which activity is treated as market making, 0..1
 */
public record MboPressureConfig(
    boolean enabled,
    Duration window,
    long minContracts,
    double minImbalance,
    double zModerate,
    double zHigh,
    double zImmediate,
    double maxCancelRatio)
    implements Validating {

  public static MboPressureConfig defaults() {
    return new MboPressureConfig(true, Duration.ofMinutes(1), 50, 0.7, 2.0, 3.0, 4.0, 0.9);
  }

  @Override
  public void validate(Checks c) {
    c.positive("window", window);
    c.range("min_contracts", minContracts, 1, 100_000_000);
    c.range("min_imbalance", minImbalance, 0, 1);
    c.above("z_moderate", zModerate, 0);
    c.require(zHigh > zModerate, "z_high", "must be greater than z_moderate (" + zModerate + ")");
    c.require(zImmediate >= zHigh, "z_immediate", "must be at least z_high (" + zHigh + ")");
    c.range("z_immediate", zImmediate, 0, 100);
    c.range("max_cancel_ratio", maxCancelRatio, 0, 1);
  }
}
