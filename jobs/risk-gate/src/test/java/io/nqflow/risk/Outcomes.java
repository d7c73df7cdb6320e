package io.nqflow.risk;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;

/** Shadow outcomes for the validation tests, built from the few figures a test cares about. */
public final class Outcomes {
  private Outcomes() {}

  /**
   * A decided outcome of signal {@code id} of variant "baseline", HIGH confidence: TARGET when
   * {@code pnlUsd} is positive, STOP otherwise, exiting at {@code tsExit}.
   */
  public static SignalOutcome.Builder decided(
      String id, String algorithm, long tsExit, double pnlUsd) {
    return SignalOutcome.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm(algorithm)
        .setInstrumentId(7)
        .setOutcome(pnlUsd > 0 ? OutcomeKind.TARGET : OutcomeKind.STOP)
        .setEntryPrice(2_000_000_000L)
        .setExitPrice(pnlUsd > 0 ? 4_000_000_000L : 1_000_000_000L)
        .setMfePoints(0)
        .setMaePoints(0)
        .setPnlUsd(pnlUsd)
        .setSlippageUsd(0)
        .setTsSignal(tsExit - 60_000_000_000L)
        .setTsExit(tsExit)
        .setConfidence("HIGH");
  }
}
