package io.nqflow.flow;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thresholds of IFD v3.0 MBO pressure (docs/algorithms.md).
 *
 * @param minRatio aggressive contracts in the window vs the baseline, at least
 * @param minImbalance |buy - sell| / (buy + sell) of aggressive contracts, at least (one-sided)
 * @param zModerate |z| of the size-weighted sign test for MODERATE
 * @param zHigh |z| for HIGH
 * @param zVeryHigh |z| for VERY_HIGH (and IMMEDIATE priority)
 * @param zExtreme |z| for EXTREME
 * @param mmMinTwoSided min(bid adds, ask adds) / max(...) at or above which quoting is two-sided
 * @param mmMinCancelRatio cancelled / added contracts at or above which quoting is quote-and-cancel
 * @param mmMaxImbalance below this |imbalance| flow in a two-sided quote-and-cancel book is market
 *     making (inventory work); at or above it the flow is institutional whatever the book does
 * @param refillWindow an add at the price and side of a fill within this long is a refill (10 ms:
 *     an iceberg refills in the fill's own match event, a market maker re-quotes later)
 * @param refillBoost refills on the aggressor's own side that raise the confidence one level
 */
public record MboPressureSettings(
    double minRatio,
    double minImbalance,
    double zModerate,
    double zHigh,
    double zVeryHigh,
    double zExtreme,
    double mmMinTwoSided,
    double mmMinCancelRatio,
    double mmMaxImbalance,
    Duration refillWindow,
    int refillBoost)
    implements Serializable {

  public MboPressureSettings {
    List<String> errors = new ArrayList<>();
    if (!(minRatio > 0)) {
      errors.add("v3.minRatio must be > 0, got " + minRatio);
    }
    if (!(minImbalance >= 0 && minImbalance <= 1)) {
      errors.add("v3.minImbalance must be in [0, 1], got " + minImbalance);
    }
    if (!(zModerate > 0 && zHigh > zModerate && zVeryHigh > zHigh && zExtreme > zVeryHigh)) {
      errors.add(
          "v3 z levels must rise strictly above 0: "
              + zModerate
              + ", "
              + zHigh
              + ", "
              + zVeryHigh
              + ", "
              + zExtreme);
    }
    if (!(mmMinTwoSided >= 0 && mmMinTwoSided <= 1)) {
      errors.add("v3.mmMinTwoSided must be in [0, 1], got " + mmMinTwoSided);
    }
    if (!(mmMinCancelRatio >= 0)) {
      errors.add("v3.mmMinCancelRatio must be >= 0, got " + mmMinCancelRatio);
    }
    if (!(mmMaxImbalance >= 0 && mmMaxImbalance <= 1)) {
      errors.add("v3.mmMaxImbalance must be in [0, 1], got " + mmMaxImbalance);
    }
    if (refillWindow == null || refillWindow.isNegative() || refillWindow.isZero()) {
      errors.add("v3.refillWindow must be a positive duration, got " + refillWindow);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid MBO pressure settings: " + String.join("; ", errors));
    }
  }

  public static MboPressureSettings defaults() {
    return new MboPressureSettings(
        3.0, 0.5, 2.0, 3.0, 4.0, 5.0, 0.6, 0.7, 0.7, Duration.ofMillis(10), 2);
  }
}
