package io.nqflow.runner.ab;

import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated shadow outcomes for the A/B tests. */
final class AbOutcomes {
  private AbOutcomes() {}

  static SignalOutcome outcome(String variant, String id, OutcomeKind kind, double pnlUsd) {
    long t = 1_741_700_000_000_000_000L;
    return SignalOutcome.newBuilder()
        .setSignalId(id)
        .setVariant(variant)
        .setAlgorithm("ifd_v1_volume_ratio")
        .setInstrumentId(7)
        .setOutcome(kind)
        .setEntryPrice(2_000_000_000L)
        .setExitPrice(kind == OutcomeKind.OPEN ? null : 2_500_000_000L)
        .setMfePoints(0)
        .setMaePoints(0)
        .setPnlUsd(pnlUsd)
        .setSlippageUsd(0)
        .setTsSignal(t)
        .setTsExit(kind == OutcomeKind.OPEN ? null : t + 60_000_000_000L)
        .setConfidence("HIGH")
        .build();
  }

  /** {@code wins} outcomes of +winUsd and {@code losses} of -lossUsd (STOP), interleaved. */
  static List<SignalOutcome> fixed(
      String variant, int wins, double winUsd, int losses, double lossUsd) {
    List<SignalOutcome> out = new ArrayList<>();
    int w = 0;
    int l = 0;
    int i = 0;
    while (w < wins || l < losses) {
      boolean win = l >= losses || (w < wins && (long) w * (wins + losses) <= (long) i * wins);
      if (win) {
        out.add(outcome(variant, variant + "-" + i, OutcomeKind.TARGET, winUsd));
        w++;
      } else {
        out.add(outcome(variant, variant + "-" + i, OutcomeKind.STOP, -lossUsd));
        l++;
      }
      i++;
    }
    return out;
  }

  /**
   * {@code n} outcomes drawn from one distribution: a win with probability 0.45 paying U(10, 60)
   * USD, else a loss of U(5, 30) USD.
   */
  static List<SignalOutcome> drawn(String variant, int n, long seed) {
    Random r = new Random(seed);
    List<SignalOutcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean win = r.nextDouble() < 0.45;
      double pnl = win ? 10 + 50 * r.nextDouble() : -(5 + 25 * r.nextDouble());
      out.add(
          outcome(variant, variant + "-" + i, win ? OutcomeKind.TARGET : OutcomeKind.STOP, pnl));
    }
    return out;
  }
}
