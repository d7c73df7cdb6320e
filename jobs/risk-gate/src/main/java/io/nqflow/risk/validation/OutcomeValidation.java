package io.nqflow.risk.validation;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.risk.RiskInputException;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.ValidationSettings;
import io.nqflow.risk.audit.GateAudits;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.signals.v1.FlowSignal;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validation that learns (docs/risk.md, "Validation that learns"): keeps a {@link ValidationWindow}
 * of decided shadow outcomes per algorithm and confidence bucket and measures a bucket's accuracy
 * for a signal. Only outcomes of the gate's own variant count; OPEN ones are not decided and are
 * skipped. A signal sees only outcomes whose exit is at or before its own event time, so a replay
 * never learns from the future.
 */
public final class OutcomeValidation implements Serializable {
  /** Audit action when a bucket's accuracy falls below the minimum with enough samples. */
  public static final String BLOCKED = "VALIDATION_BLOCKED";

  /** Audit action when a blocked bucket's accuracy is back at or above the minimum. */
  public static final String CLEARED = "VALIDATION_CLEARED";

  /** Audit entity type of bucket audits; the entity id is the bucket. */
  public static final String ENTITY = "validation_bucket";

  private final ValidationSettings s;
  private final String variant;
  private final GateAudits audits;

  public OutcomeValidation(RiskSettings settings) {
    this.s = settings.validation();
    this.variant = settings.variant();
    this.audits = new GateAudits(settings);
  }

  /** The bucket of an algorithm and a confidence: {@code algorithm/CONFIDENCE}. */
  public static String bucket(String algorithm, String confidence) {
    return algorithm + "/" + confidence;
  }

  /** The bucket of a flow signal. */
  public static String bucketOf(FlowSignal sig) {
    return bucket(sig.getAlgorithm(), sig.getConfidence().toString());
  }

  /**
   * The bucket an outcome counts in, or null when it does not count (another variant's, or OPEN).
   *
   * @throws RiskInputException when a decided outcome of the gate's variant lacks what it needs
   *     (signal id, algorithm, confidence, exit time, a finite P&amp;L)
   */
  public String bucketOf(SignalOutcome o) {
    if (!variant.equals(o.getVariant()) || o.getOutcome() == OutcomeKind.OPEN) {
      return null;
    }
    if (o.getSignalId().isBlank()) {
      throw new RiskInputException("outcome without signal_id");
    }
    if (o.getAlgorithm().isBlank()) {
      throw new RiskInputException("outcome of signal " + o.getSignalId() + " has no algorithm");
    }
    if (o.getConfidence().isBlank()) {
      throw new RiskInputException(
          "outcome of signal " + o.getSignalId() + " has no confidence bucket");
    }
    if (o.getTsExit() == null) {
      throw new RiskInputException(
          "outcome " + o.getOutcome() + " of signal " + o.getSignalId() + " has no ts_exit");
    }
    if (!Double.isFinite(o.getPnlUsd())) {
      throw new RiskInputException(
          "outcome of signal " + o.getSignalId() + " has pnl_usd " + o.getPnlUsd());
    }
    return bucket(o.getAlgorithm(), o.getConfidence());
  }

  /**
   * Adds a decided outcome to its bucket's window (replacing an earlier outcome of the same signal,
   * dropping the oldest exit beyond {@code window}) and returns the audit of the bucket's change
   * from passing to failing or back, or null when its verdict did not change.
   *
   * @param bucket {@link #bucketOf(SignalOutcome)} of {@code o}, not null
   */
  public AuditEvent record(ValidationWindow w, String bucket, SignalOutcome o, long nowNs) {
    List<ValidationSample> xs = w.samples;
    for (Iterator<ValidationSample> it = xs.iterator(); it.hasNext(); ) {
      if (it.next().signalId.equals(o.getSignalId())) {
        it.remove();
      }
    }
    long tsExit = o.getTsExit();
    int at = xs.size();
    while (at > 0 && xs.get(at - 1).tsExit > tsExit) {
      at--;
    }
    xs.add(at, new ValidationSample(o.getSignalId(), tsExit, o.getPnlUsd() > 0));
    while (xs.size() > s.window()) {
      xs.remove(0);
    }
    ValidationVerdict all = verdict(bucket, w, Long.MAX_VALUE);
    if (all.fails() == w.blocked) {
      return null;
    }
    w.blocked = all.fails();
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.VARIANT, variant);
    d.put(AuditDetails.SIGNAL_ID, o.getSignalId());
    d.put(AuditDetails.ACCURACY, String.format(Locale.ROOT, "%.4f", all.accuracy()));
    d.put(AuditDetails.SAMPLES, Integer.toString(all.samples()));
    d.put(AuditDetails.WINS, Integer.toString(all.wins()));
    d.put(AuditDetails.MIN_ACCURACY, Double.toString(s.minAccuracy()));
    d.put(AuditDetails.MIN_SAMPLES, Integer.toString(s.minSamples()));
    String why =
        w.blocked
            ? "signals of " + bucket + " are rejected from now on: " + all.detail()
            : String.format(
                Locale.ROOT,
                "signals of %s may trade again: accuracy %.3f (%d of %d) >= min_accuracy %.3f",
                bucket,
                all.accuracy(),
                all.wins(),
                all.samples(),
                s.minAccuracy());
    return audits.audit(
        ENTITY, bucket, w.blocked ? BLOCKED : CLEARED, nowNs, why, d, o.getSignalId());
  }

  /**
   * The bucket's accuracy for a signal at {@code tsSignal}: its window's outcomes that exited at or
   * before then. A null window is a bucket without outcomes.
   */
  public ValidationVerdict verdict(String bucket, ValidationWindow w, long tsSignal) {
    int n = 0;
    int wins = 0;
    if (w != null) {
      for (ValidationSample x : w.samples) {
        if (x.tsExit <= tsSignal) {
          n++;
          if (x.win) {
            wins++;
          }
        }
      }
    }
    return new ValidationVerdict(bucket, n, wins, s.minAccuracy(), s.minSamples());
  }
}
