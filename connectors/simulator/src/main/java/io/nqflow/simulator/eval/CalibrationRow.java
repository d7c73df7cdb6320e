package io.nqflow.simulator.eval;

/**
 * One line of a reliability table: the signals of one confidence level or score bucket, and,
 * cumulatively, those at that level or higher (what {@code risk.min_confidence} would keep).
 *
 * @param label confidence level, or the bucket's bounds
 * @param lo the bucket's lowest score (inclusive); NaN for a confidence level
 * @param hi the next bucket's lowest score (exclusive), the highest score for the last bucket
 *     (inclusive); NaN for a confidence level
 * @param bucket the signals of this level or bucket: share true = {@code bucket.precision()}
 * @param atLeast the signals of this level or bucket and every higher one: precision, recall,
 *     signals per session-hour; null for a level outside LOW..EXTREME
 */
public record CalibrationRow(String label, double lo, double hi, Tally bucket, Tally atLeast) {}
