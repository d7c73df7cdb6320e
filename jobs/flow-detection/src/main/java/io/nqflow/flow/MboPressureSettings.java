package io.nqflow.flow;

import io.nqflow.core.config.Doc;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Switch and thresholds of IFD v3.0 MBO pressure ({@code detection.mbo_pressure:},
 * docs/algorithms.md).
 */
public record MboPressureSettings(
    @Doc("Whether IFD v3 (MBO pressure) runs") boolean enabled,
    @Doc(
            value = "Aggressive contracts in the window vs the baseline, at least",
            unit = "x baseline")
        double minRatio,
    @Doc(
            value = "|buy - sell| / (buy + sell) of aggressive contracts, at least (one-sided)",
            unit = "fraction")
        double minImbalance,
    @Doc("|z| of the size-weighted sign test for MODERATE confidence") double zModerate,
    @Doc("|z| for HIGH confidence") double zHigh,
    @Doc("|z| for VERY_HIGH confidence (and IMMEDIATE priority)") double zVeryHigh,
    @Doc("|z| for EXTREME confidence") double zExtreme,
    @Doc(
            value =
                "min(bid adds, ask adds) / max(...) at or above which quoting counts as two-sided",
            unit = "fraction")
        double mmMinTwoSided,
    @Doc(
            value = "Cancelled / added contracts at or above which quoting is quote-and-cancel",
            unit = "ratio")
        double mmMinCancelRatio,
    @Doc(
            value =
                "Below this |imbalance| flow in a two-sided quote-and-cancel book is market making;"
                    + " at or above it the flow is institutional whatever the book does",
            unit = "fraction")
        double mmMaxImbalance,
    @Doc(
            value =
                "An add at the price and side of a fill within this long is a refill (an iceberg"
                    + " refills in the fill's own match event, a market maker re-quotes later)",
            unit = "duration")
        Duration refillWindow,
    @Doc(
            value = "Refills on the aggressor's own side that raise the confidence one level",
            unit = "refills")
        int refillBoost,
    @Doc(
            value =
                "Premium per trade in the window, at least: institutional pressure comes in"
                    + " clips worth thousands of dollars, retail in one to four lots",
            unit = "USD")
        double minAvgTradePremiumUsd)
    implements Serializable {

  /** A copy switched on or off. */
  public MboPressureSettings withEnabled(boolean on) {
    return new MboPressureSettings(
        on,
        minRatio,
        minImbalance,
        zModerate,
        zHigh,
        zVeryHigh,
        zExtreme,
        mmMinTwoSided,
        mmMinCancelRatio,
        mmMaxImbalance,
        refillWindow,
        refillBoost,
        minAvgTradePremiumUsd);
  }

  public MboPressureSettings {
    List<String> errors = new ArrayList<>();
    if (!(minRatio > 0)) {
      errors.add("minRatio must be > 0, got " + minRatio);
    }
    if (!(minImbalance >= 0 && minImbalance <= 1)) {
      errors.add("minImbalance must be in [0, 1], got " + minImbalance);
    }
    if (!(zModerate > 0 && zHigh > zModerate && zVeryHigh > zHigh && zExtreme > zVeryHigh)) {
      errors.add(
          "zModerate, zHigh, zVeryHigh and zExtreme must rise strictly above 0: "
              + zModerate
              + ", "
              + zHigh
              + ", "
              + zVeryHigh
              + ", "
              + zExtreme);
    }
    if (!(mmMinTwoSided >= 0 && mmMinTwoSided <= 1)) {
      errors.add("mmMinTwoSided must be in [0, 1], got " + mmMinTwoSided);
    }
    if (!(mmMinCancelRatio >= 0)) {
      errors.add("mmMinCancelRatio must be >= 0, got " + mmMinCancelRatio);
    }
    if (!(mmMaxImbalance >= 0 && mmMaxImbalance <= 1)) {
      errors.add("mmMaxImbalance must be in [0, 1], got " + mmMaxImbalance);
    }
    if (refillWindow == null || refillWindow.isNegative() || refillWindow.isZero()) {
      errors.add("refillWindow must be a positive duration, got " + refillWindow);
    }
    if (!(minAvgTradePremiumUsd >= 0)) {
      errors.add("minAvgTradePremiumUsd must be >= 0, got " + minAvgTradePremiumUsd);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid MBO pressure settings: " + String.join("; ", errors));
    }
  }

  public static MboPressureSettings defaults() {
    return new MboPressureSettings(
        true, 3.0, 0.5, 2.2, 3.0, 4.0, 5.0, 0.6, 0.7, 0.7, Duration.ofMillis(10), 2, 10_000);
  }
}
