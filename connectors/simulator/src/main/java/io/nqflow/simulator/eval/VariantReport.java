package io.nqflow.simulator.eval;

import java.util.List;
import java.util.Map;

/**
 * The evaluation of one detection variant over every scored session.
 *
 * @param variant the signals' variant label
 * @param overall every signal, every episode
 * @param perKind per episode kind (true kinds count episodes, decoy kinds decoys)
 * @param perRegime per market regime: a regime's episodes, the signals attributed to it (the regime
 *     of the episode a signal matches, else its session's), its sessions' hours
 * @param perAlgorithm per algorithm: its signals against every episode
 * @param confidence reliability per confidence level, LOW first
 * @param scoreBuckets reliability per score bucket, per algorithm (scores are per-algorithm scales)
 */
public record VariantReport(
    String variant,
    Tally overall,
    Map<String, Tally> perKind,
    Map<String, Tally> perRegime,
    Map<String, Tally> perAlgorithm,
    List<CalibrationRow> confidence,
    Map<String, List<CalibrationRow>> scoreBuckets) {}
