package io.nqflow.core.config;

import java.time.Duration;

/**
 * Flow-detection job settings ({@code detection:}); filled from the strategy file, then the
 * profile.
 *
 * @param variant A/B variant name carried on every signal
 * @param jobVersion version of the detection job, carried on every signal
 * @param baseline rolling baselines
 * @param volumeRatio IFD v1.0 volume spike
 * @param mboPressure IFD v3.0 MBO pressure
 * @param patterns CEP institutional patterns
 * @param cooldown minimum time between two signals of one algorithm for one instrument
 */
public record DetectionConfig(
    String variant,
    int jobVersion,
    BaselineConfig baseline,
    VolumeRatioConfig volumeRatio,
    MboPressureConfig mboPressure,
    PatternsConfig patterns,
    Duration cooldown)
    implements Validating {

  public static DetectionConfig defaults() {
    return new DetectionConfig(
        "baseline",
        1,
        BaselineConfig.defaults(),
        VolumeRatioConfig.defaults(),
        MboPressureConfig.defaults(),
        PatternsConfig.defaults(),
        Duration.ofSeconds(60));
  }

  @Override
  public void validate(Checks c) {
    if (variant != null) {
      c.require(
          variant.matches("[a-z0-9][a-z0-9._-]{0,63}"),
          "variant",
          "expected 1-64 characters a-z, 0-9, '.', '_', '-', got \"" + variant + "\"");
    }
    c.range("job_version", jobVersion, 1, 1_000_000);
    c.atLeast("cooldown", cooldown, Duration.ZERO);
  }
}
