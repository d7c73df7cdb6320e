package io.nqflow.eval;

import io.nqflow.core.ids.Ids;
import io.nqflow.market.EntryBracket;
import io.nqflow.market.Multipliers;
import io.nqflow.signals.v1.FlowSignal;

/** Opens a {@link ShadowTrade} from a signal and joins its risk decision and entry fills to it. */
public final class ShadowTrades {
  private ShadowTrades() {}

  /**
   * The shadow trade of {@code s}: a long entry at the bracket's limit at the signal's event time,
   * with the bracket's stop and target, held until {@code min(ts_event + horizon, expiration)}.
   */
  public static ShadowTrade open(
      FlowSignal s,
      EntryBracket b,
      int quantity,
      double multiplierUsd,
      EvaluationSettings settings) {
    ShadowTrade t = new ShadowTrade();
    t.signalId = s.getSignalId();
    t.variant = s.getVariant();
    t.algorithm = s.getAlgorithm();
    t.instrumentId = s.getInstrumentId();
    t.rawSymbol = s.getRawSymbol();
    t.underlying = s.getUnderlying();
    t.confidence = s.getConfidence().name();
    t.score = s.getScore();
    t.direction = s.getDirection().name();
    t.clientOrderId = Ids.clientOrderId(s.getVariant(), s.getSignalId());
    t.tsSignal = s.getTsEvent();
    t.quantity = quantity;
    t.multiplierUsd = multiplierUsd;
    t.reference = b.reference();
    t.entry = b.limit();
    t.stop = b.stop();
    t.target = b.target();
    long end = saturatedAdd(t.tsSignal, settings.horizon().toNanos());
    Long expiration = s.getExpiration();
    if (expiration != null && expiration < end) {
      end = Math.max(t.tsSignal, expiration);
    }
    t.horizonEnd = end;
    t.lastPrice = b.reference();
    t.lastTs = t.tsSignal;
    return t;
  }

  /** USD per point of an option on {@code underlying}: NQ or MNQ, 0 for any other. */
  public static double multiplierOf(EvaluationSettings s, String underlying) {
    return switch (Multipliers.ofSymbol(underlying)) {
      case Multipliers.MNQ_USD -> s.mnqMultiplierUsd();
      case Multipliers.NQ_USD -> s.nqMultiplierUsd();
      default -> 0;
    };
  }

  /** The bracket of the long entry the risk gate would place at {@code reference}. */
  public static EntryBracket bracket(EvaluationSettings s, long reference) {
    return EntryBracket.of(
        reference, s.entrySlippageFraction(), s.stopLossFraction(), s.profitTargetFraction());
  }

  /** Joins the risk gate's decision ({@link EvalEvent.Kind#DECISION}). */
  public static void decide(ShadowTrade t, EvalEvent d) {
    t.decided = true;
    t.approved = d.approved;
    t.decisionReason = d.reason == null ? "" : d.reason;
  }

  /** Joins one entry fill: {@code notional} is price x quantity (1e-9 points x contracts). */
  public static void addFill(ShadowTrade t, long tsNs, long notional, int quantity) {
    if (quantity <= 0) {
      return;
    }
    t.tsFill = t.fillQuantity == 0 ? tsNs : Math.min(t.tsFill, tsNs);
    t.fillNotional += notional;
    t.fillQuantity += quantity;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
