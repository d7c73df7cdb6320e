package io.nqflow.risk.validation;

import java.io.Serializable;
import java.util.Locale;

/**
 * The measured accuracy of a bucket for one signal: the decided outcomes of the bucket that ended
 * at or before the signal's event time.
 *
 * @param bucket {@code algorithm/CONFIDENCE}
 * @param samples decided outcomes counted
 * @param wins of those, outcomes with pnl_usd &gt; 0
 * @param minAccuracy the configured minimum, 0..1
 * @param minSamples outcomes needed before the bucket can fail
 */
public record ValidationVerdict(
    String bucket, int samples, int wins, double minAccuracy, int minSamples)
    implements Serializable {

  /** wins / samples; 0 without samples. */
  public double accuracy() {
    return samples == 0 ? 0.0 : (double) wins / samples;
  }

  /** Measured (enough samples) and below the minimum. */
  public boolean fails() {
    return samples >= minSamples && accuracy() < minAccuracy;
  }

  /** What a rejection says: the measured accuracy, its samples and the threshold. */
  public String detail() {
    return String.format(
        Locale.ROOT,
        "bucket %s: accuracy %.3f (%d of %d decided outcomes) < min_accuracy %.3f (min_samples"
            + " %d)",
        bucket,
        accuracy(),
        wins,
        samples,
        minAccuracy,
        minSamples);
  }
}
