package io.nqflow.eval.report;

import io.nqflow.eval.v1.SignalOutcome;
import java.util.List;

/**
 * The original system's targets beside the measured values of one variant: accuracy &gt; 75 %,
 * win/loss &gt; 1.8 and ROI +25 % versus v1 (the {@value #V1} detector of the same variant).
 */
public final class Targets {
  /** The v1 detector ROI is compared with. */
  public static final String V1 = "ifd_v1_volume_ratio";

  /** Accuracy target, fraction. */
  public static final double ACCURACY = 0.75;

  /** Win/loss ratio target. */
  public static final double WIN_LOSS = 1.8;

  /** ROI uplift target versus v1, fraction (+25 %). */
  public static final double ROI_UPLIFT = 0.25;

  private Targets() {}

  /**
   * One target.
   *
   * @param name what is measured
   * @param target the target, same unit as measured
   * @param measured the measured value (NaN when undefined)
   * @param percent whether both are fractions shown as percentages
   */
  public record Row(String name, double target, double measured, boolean percent) {
    /** Whether the measured value is defined and above the target. */
    public boolean met() {
      return !Double.isNaN(measured) && measured > target;
    }
  }

  /**
   * ROI uplift versus v1: (ROI of all outcomes - ROI of the v1 outcomes) / |ROI of the v1
   * outcomes|, a fraction; NaN without v1 outcomes or when either ROI is undefined or v1's is 0.
   */
  public static double roiUplift(double roi, double roiV1) {
    if (Double.isNaN(roi) || Double.isNaN(roiV1) || roiV1 == 0) {
      return Double.NaN;
    }
    return (roi - roiV1) / Math.abs(roiV1);
  }

  /** The v1 outcomes' ROI among {@code outcomes} (NaN without any). */
  public static double roiV1(List<SignalOutcome> outcomes) {
    List<SignalOutcome> v1 =
        outcomes.stream().filter(o -> V1.contentEquals(o.getAlgorithm())).toList();
    return v1.isEmpty() ? Double.NaN : Figures.of(v1).roi();
  }

  /** The three targets of one variant's outcomes. */
  public static List<Row> of(List<SignalOutcome> outcomes) {
    Figures f = Figures.of(outcomes);
    return List.of(
        new Row("accuracy", ACCURACY, f.accuracy(), true),
        new Row("win/loss ratio", WIN_LOSS, f.winLoss(), false),
        new Row("ROI vs v1", ROI_UPLIFT, roiUplift(f.roi(), roiV1(outcomes)), true));
  }
}
