package io.nqflow.flow;

import io.nqflow.core.config.Doc;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The confirmation stage between the detectors and the dedupe ({@code detection.confirmation:},
 * docs/detection.md): a signal whose trigger was delta-hedged in the futures or is one leg of a
 * spread is dropped. Every signal waits {@link #hold()} for the prints that decide it.
 */
public record ConfirmationSettings(
    @Doc(
            "Whether signals wait for the confirmation (hedge and spread-leg checks) before the"
                + " dedupe; false passes them at once")
        boolean enabled,
    @Doc(
            value =
                "Futures trades within this long of a signal's trigger (either way) count as its"
                    + " delta hedge; 0 switches the hedge check off",
            unit = "duration")
        Duration hedgeWindow,
    @Doc(
            value =
                "A signal is hedged when the futures trades in the hedge window offset at least"
                    + " this share of its option delta (its contracts x delta x multiplier,"
                    + " opposite sign)",
            unit = "fraction")
        double hedgeMinRatio,
    @Doc(
            value =
                "An opposite-side print in the same class and expiration at another strike within"
                    + " this long of the trigger (either way) makes it a spread leg; 0 switches the"
                    + " spread check off",
            unit = "duration")
        Duration legWindow,
    @Doc(
            "The spread check also waits leg_window after the trigger for a later leg; false looks"
                + " back only and decides with the hedge check (no wait for the leg window: the"
                + " later leg of a spread is still dropped, the first passes)")
        boolean legLookAhead,
    @Doc(
            value =
                "The other leg's contracts are within this share of the trigger's (0.2 = +-20%)",
            unit = "fraction")
        double legSizeTolerance,
    @Doc(value = "Premium of the other leg's order, at least", unit = "USD")
        double legMinPremiumUsd,
    @Doc(
            value =
                "Prints kept per underlying and kind (futures, options) at most; beyond it the"
                    + " oldest are dropped",
            unit = "prints")
        int maxPrints,
    @Doc(
            value =
                "An IFD v1 or accumulation signal whose aggressors hit an instrument on which the"
                    + " iceberg pattern found a resting order of the other side, from one hold"
                    + " before to this long after the iceberg's signal, is dropped: the flow was"
                    + " absorbed, the informed side is the iceberg's; 0 switches the check off",
            unit = "duration")
        Duration absorbWindow)
    implements Serializable {

  public ConfirmationSettings {
    List<String> errors = new ArrayList<>();
    if (hedgeWindow == null || hedgeWindow.isNegative()) {
      errors.add("hedgeWindow must be a duration >= 0, got " + hedgeWindow);
    }
    if (legWindow == null || legWindow.isNegative()) {
      errors.add("legWindow must be a duration >= 0, got " + legWindow);
    }
    if (!(hedgeMinRatio > 0)) {
      errors.add("hedgeMinRatio must be > 0, got " + hedgeMinRatio);
    }
    if (!(legSizeTolerance >= 0 && legSizeTolerance < 1)) {
      errors.add("legSizeTolerance must be in [0, 1), got " + legSizeTolerance);
    }
    if (!(legMinPremiumUsd >= 0)) {
      errors.add("legMinPremiumUsd must be >= 0, got " + legMinPremiumUsd);
    }
    if (absorbWindow == null || absorbWindow.isNegative()) {
      errors.add("absorbWindow must be a duration >= 0, got " + absorbWindow);
    }
    if (maxPrints < 16) {
      errors.add("maxPrints must be >= 16, got " + maxPrints);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid confirmation settings: " + String.join("; ", errors));
    }
  }

  /**
   * On; hedges within 10 ms offsetting half the delta; spread legs within 3 s, +-20% in size; flow
   * absorbed by an iceberg up to 5 minutes after its signal.
   */
  public static ConfirmationSettings defaults() {
    return new ConfirmationSettings(
        true,
        Duration.ofMillis(10),
        0.5,
        Duration.ofSeconds(3),
        true,
        0.2,
        50_000,
        4096,
        Duration.ofMinutes(5));
  }

  /**
   * How long every signal waits (added to signal latency): the longer of the two windows, or the
   * hedge window alone when the spread check looks back only.
   */
  public Duration hold() {
    return !legLookAhead || hedgeWindow.compareTo(legWindow) >= 0 ? hedgeWindow : legWindow;
  }

  /** A copy with other windows (tests, profiles). */
  public ConfirmationSettings withWindows(Duration hedge, Duration leg) {
    return new ConfirmationSettings(
        enabled,
        hedge,
        hedgeMinRatio,
        leg,
        legLookAhead,
        legSizeTolerance,
        legMinPremiumUsd,
        maxPrints,
        absorbWindow);
  }

  /** A copy whose spread check looks ahead (or back only). */
  public ConfirmationSettings withLegLookAhead(boolean ahead) {
    return new ConfirmationSettings(
        enabled,
        hedgeWindow,
        hedgeMinRatio,
        legWindow,
        ahead,
        legSizeTolerance,
        legMinPremiumUsd,
        maxPrints,
        absorbWindow);
  }

  /** A copy switched on or off. */
  public ConfirmationSettings withEnabled(boolean on) {
    return new ConfirmationSettings(
        on,
        hedgeWindow,
        hedgeMinRatio,
        legWindow,
        legLookAhead,
        legSizeTolerance,
        legMinPremiumUsd,
        maxPrints,
        absorbWindow);
  }
}
