package io.nqflow.risk.rules;

import io.nqflow.common.v1.Confidence;

/**
 * The confidence bucket of an opportunity, from its probability of reaching the target, so the
 * {@code confidence} rule holds opportunities to {@code risk.min_confidence} like flow signals:
 * probability at least 0.8 is VERY_HIGH, at least 0.7 HIGH, at least 0.6 MODERATE, anything lower
 * (or not a number) LOW. No probability maps to EXTREME.
 */
public final class OpportunityConfidence {
  /** Lowest probability of VERY_HIGH. */
  public static final double VERY_HIGH_FROM = 0.8;

  /** Lowest probability of HIGH. */
  public static final double HIGH_FROM = 0.7;

  /** Lowest probability of MODERATE. */
  public static final double MODERATE_FROM = 0.6;

  private OpportunityConfidence() {}

  /** The bucket of a probability in 0..1. */
  public static Confidence of(double probability) {
    if (probability >= VERY_HIGH_FROM) {
      return Confidence.VERY_HIGH;
    }
    if (probability >= HIGH_FROM) {
      return Confidence.HIGH;
    }
    if (probability >= MODERATE_FROM) {
      return Confidence.MODERATE;
    }
    return Confidence.LOW;
  }
}
