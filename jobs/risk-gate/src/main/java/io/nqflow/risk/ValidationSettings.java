package io.nqflow.risk;

import io.nqflow.core.config.Doc;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation that learns: {@code risk.validation:} of a profile. The gate reads the shadow outcomes
 * of its own variant's signals from eval.outcomes and keeps, per algorithm and confidence bucket,
 * the last {@code window} decided ones (TARGET, STOP, EXPIRY); a flow-signal entry from a bucket
 * with at least {@code min_samples} of them whose accuracy (share with pnl_usd &gt; 0) is below
 * {@code min_accuracy} is rejected with rule {@code validated_accuracy}.
 *
 * @param enabled read eval.outcomes and apply the rule (off: the topic is not read at all)
 * @param minAccuracy lowest accuracy a measured bucket may have, 0..1
 * @param window decided outcomes kept per bucket, the most recent by exit time
 * @param minSamples outcomes a bucket needs before it can be rejected (1..window)
 */
public record ValidationSettings(
    @Doc(
            "Read eval.outcomes and reject signals from an algorithm and confidence bucket whose"
                + " recent accuracy is below min_accuracy (off: the topic is not read)")
        boolean enabled,
    @Doc(
            value =
                "Lowest accuracy (share of decided outcomes with pnl_usd > 0) a bucket with"
                    + " enough samples may have",
            unit = "fraction")
        double minAccuracy,
    @Doc(
            value =
                "Decided outcomes kept per algorithm and confidence bucket (the most recent by exit"
                    + " time)",
            unit = "outcomes")
        int window,
    @Doc(
            value = "Decided outcomes a bucket needs before its accuracy can reject a signal",
            unit = "outcomes")
        int minSamples)
    implements Serializable {

  public ValidationSettings {
    List<String> errors = new ArrayList<>();
    if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
      errors.add("validation.min_accuracy must be in [0, 1], got " + minAccuracy);
    }
    if (window < 1 || window > 10_000) {
      errors.add("validation.window must be in [1, 10000] outcomes, got " + window);
    }
    if (minSamples < 1) {
      errors.add("validation.min_samples must be at least 1, got " + minSamples);
    } else if (minSamples > window) {
      errors.add(
          "validation.min_samples ("
              + minSamples
              + ") must not exceed validation.window ("
              + window
              + "): the bucket could never be measured");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid risk validation settings: " + String.join("; ", errors));
    }
  }

  /**
   * Off; when switched on: accuracy at least 0.40 over the last 50 decided outcomes, measured from
   * 20. The default bracket (target +100 %, stop -50 % of the premium) breaks even at an accuracy
   * of 1/3 before fees; 0.40 leaves room for fees, slippage and horizon exits.
   */
  public static ValidationSettings defaults() {
    return new ValidationSettings(false, 0.40, 50, 20);
  }

  /** These settings switched on or off. */
  public ValidationSettings withEnabled(boolean on) {
    return new ValidationSettings(on, minAccuracy, window, minSamples);
  }
}
