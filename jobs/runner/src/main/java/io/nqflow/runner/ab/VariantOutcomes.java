package io.nqflow.runner.ab;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One side of an A/B comparison: the outcomes of a run folder or of a variant on eval.outcomes, one
 * per signal id (a later outcome of the same signal replaces an earlier one), and the figures
 * {@code nqflow ab compare} reports for it. Accuracy and P&amp;L count decided outcomes only
 * (TARGET, STOP, EXPIRY); OPEN ones are counted as signals but have no result yet.
 *
 * @param label "A" or "B"
 * @param source where the outcomes came from (a file, or "eval.outcomes variant V")
 * @param variants the variant tags found in the outcomes
 * @param signals outcomes, one per signal id
 * @param pnlUsd pnl_usd of each decided outcome, USD
 * @param outcomes the outcomes kept, one per signal id
 */
public record VariantOutcomes(
    String label,
    String source,
    List<String> variants,
    int signals,
    double[] pnlUsd,
    List<SignalOutcome> outcomes) {

  /** Keeps the last outcome per signal id, in the order given, and the decided ones' P&amp;L. */
  public static VariantOutcomes of(String label, String source, List<SignalOutcome> outcomes) {
    Map<String, SignalOutcome> bySignal = new LinkedHashMap<>();
    TreeSet<String> variants = new TreeSet<>();
    for (SignalOutcome o : outcomes) {
      bySignal.remove(o.getSignalId());
      bySignal.put(o.getSignalId(), o);
      variants.add(o.getVariant());
    }
    double[] pnl =
        bySignal.values().stream()
            .filter(o -> o.getOutcome() != OutcomeKind.OPEN)
            .mapToDouble(SignalOutcome::getPnlUsd)
            .toArray();
    return new VariantOutcomes(
        label, source, List.copyOf(variants), bySignal.size(), pnl, List.copyOf(bySignal.values()));
  }

  /** Decided outcomes (TARGET, STOP, EXPIRY). */
  public int decided() {
    return pnlUsd.length;
  }

  /** Decided outcomes with pnl_usd &gt; 0. */
  public int wins() {
    int w = 0;
    for (double p : pnlUsd) {
      if (p > 0) {
        w++;
      }
    }
    return w;
  }

  /** wins / decided, 0..1. */
  public double accuracy() {
    return decided() == 0 ? 0.0 : (double) wins() / decided();
  }

  /** Mean pnl_usd over the decided outcomes, USD per signal. */
  public double meanPnlUsd() {
    double sum = 0;
    for (double p : pnlUsd) {
      sum += p;
    }
    return decided() == 0 ? 0.0 : sum / decided();
  }
}
