package io.nqflow.risk.rules;

import io.nqflow.risk.validation.ValidationVerdict;
import java.util.List;

/**
 * {@code validated_accuracy}: with {@code risk.validation.enabled}, a flow-signal entry from an
 * algorithm and confidence bucket with at least {@code min_samples} decided shadow outcomes is
 * rejected when their accuracy is below {@code min_accuracy}; the detail gives the measured
 * accuracy, the samples and the threshold. Passes when validation is off, for opportunities and for
 * a bucket not yet measured.
 */
public final class ValidatedAccuracyRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.VALIDATED_ACCURACY;
  }

  @Override
  public List<String> check(SignalContext c) {
    ValidationVerdict v = c.validation();
    if (v == null || !v.fails()) {
      return List.of();
    }
    return List.of(v.detail());
  }
}
