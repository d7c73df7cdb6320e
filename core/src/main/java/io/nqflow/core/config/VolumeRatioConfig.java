package io.nqflow.core.config;

import java.time.Duration;

/**
 * IFD v1.0 volume-spike detector ({@code detection.volume_ratio:}); thresholds are multiples of the
 * baseline volume.
 *
 * @param enabled whether the detector runs
 * @param window volume aggregation window
 * @param moderate ratio for MODERATE confidence
 * @param high ratio for HIGH
 * @param veryHigh ratio for VERY_HIGH
 * @param extreme ratio for EXTREME
 * @param minPremiumUsd minimum premium notional in the window, USD
 * @param maxStrikeDistancePct maximum |strike - underlying| / underlying, percent
 * @param immediateSignedDelta signed contract-delta in the window that makes the signal IMMEDIATE
 * @param minBaselineVolume baselines below this (contracts per bucket) are too thin to divide by
 */
public record VolumeRatioConfig(
    boolean enabled,
    Duration window,
    double moderate,
    double high,
    double veryHigh,
    double extreme,
    double minPremiumUsd,
    double maxStrikeDistancePct,
    long immediateSignedDelta,
    long minBaselineVolume)
    implements Validating {

  public static VolumeRatioConfig defaults() {
    return new VolumeRatioConfig(
        true, Duration.ofMinutes(5), 4, 10, 30, 50, 100_000, 2.0, 5_000, 10);
  }

  @Override
  public void validate(Checks c) {
    c.positive("window", window);
    c.above("moderate", moderate, 1);
    c.require(high > moderate, "high", "must be greater than moderate (" + moderate + ")");
    c.require(veryHigh > high, "very_high", "must be greater than high (" + high + ")");
    c.require(extreme > veryHigh, "extreme", "must be greater than very_high (" + veryHigh + ")");
    c.range("extreme", extreme, 1, 1_000_000);
    c.range("min_premium_usd", minPremiumUsd, 0, 1e12);
    c.range("max_strike_distance_pct", maxStrikeDistancePct, 0.01, 100);
    c.range("immediate_signed_delta", immediateSignedDelta, 1, 100_000_000);
    c.range("min_baseline_volume", minBaselineVolume, 0, 100_000_000);
  }
}
