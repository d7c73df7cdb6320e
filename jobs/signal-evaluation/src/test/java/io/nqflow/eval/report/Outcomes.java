package io.nqflow.eval.report;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.time.Instant;

/** Test outcomes: an option at 10.00 points, $20 a point, one contract ($200 premium). */
final class Outcomes {
  private Outcomes() {}

  static long ns(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static SignalOutcome.Builder base(String id, String algorithm, String confidence) {
    return SignalOutcome.newBuilder()
        .setSignalId(id)
        .setVariant("A")
        .setAlgorithm(algorithm)
        .setConfidence(confidence)
        .setInstrumentId(7L)
        .setEntryPrice(10_000_000_000L)
        .setMultiplierUsd(20.0)
        .setQuantity(1)
        .setMfePoints(0)
        .setMaePoints(0)
        .setSlippageUsd(0)
        .setPnlUsd(0);
  }

  /** A decided outcome. */
  static SignalOutcome decided(
      String id,
      String algorithm,
      String confidence,
      OutcomeKind kind,
      double pnlUsd,
      String signal,
      String exit,
      boolean approved) {
    long s = ns(signal);
    long e = ns(exit);
    return base(id, algorithm, confidence)
        .setOutcome(kind)
        .setPnlUsd(pnlUsd)
        .setExitPrice(10_000_000_000L + Math.round(pnlUsd / 20 * 1e9))
        .setTsSignal(s)
        .setTsExit(e)
        .setTimeToOutcomeNs(e - s)
        .setFeesUsd(2.0)
        .setSlippageUsd(1.0)
        .setApproved(approved)
        .build();
  }

  /** An open outcome. */
  static SignalOutcome open(String id, String algorithm, String confidence, String signal) {
    return base(id, algorithm, confidence)
        .setOutcome(OutcomeKind.OPEN)
        .setTsSignal(ns(signal))
        .build();
  }
}
