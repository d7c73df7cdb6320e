package io.nqflow.risk.rules;

import io.nqflow.common.v1.Confidence;
import java.util.List;
import java.util.Locale;

/**
 * {@code confidence}: the signal's confidence is at least the configured minimum (LOW lowest); an
 * opportunity's confidence is the bucket of its probability ({@link OpportunityConfidence}).
 */
public final class ConfidenceRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.CONFIDENCE;
  }

  @Override
  public List<String> check(SignalContext c) {
    Confidence have = c.confidence();
    Confidence min = c.settings().minConfidence();
    if (atLeast(have, min)) {
      return List.of();
    }
    if (c.opportunity() != null) {
      return List.of(
          String.format(
              Locale.ROOT,
              "confidence %s (probability %.3f) < %s",
              have,
              c.opportunity().getProbability(),
              min));
    }
    return List.of("confidence " + have + " < " + min);
  }

  /** Confidence ordering (the enum's declaration order, LOW lowest). */
  static boolean atLeast(Confidence c, Confidence min) {
    return c.ordinal() >= min.ordinal();
  }
}
