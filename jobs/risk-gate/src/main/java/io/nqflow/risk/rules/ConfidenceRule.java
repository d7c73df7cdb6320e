package io.nqflow.risk.rules;

import io.nqflow.common.v1.Confidence;
import java.util.List;

/** {@code confidence}: the signal's confidence is at least the configured minimum (LOW lowest). */
public final class ConfidenceRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.CONFIDENCE;
  }

  @Override
  public List<String> check(SignalContext c) {
    Confidence have = c.signal().getConfidence();
    Confidence min = c.settings().minConfidence();
    if (atLeast(have, min)) {
      return List.of();
    }
    return List.of("confidence " + have + " < " + min);
  }

  /** Confidence ordering (the enum's declaration order, LOW lowest). */
  static boolean atLeast(Confidence c, Confidence min) {
    return c.ordinal() >= min.ordinal();
  }
}
