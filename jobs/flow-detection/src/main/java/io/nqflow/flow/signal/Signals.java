package io.nqflow.flow.signal;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.signals.v1.FlowSignal;
import java.util.Locale;
import java.util.Map;

/** What every detector needs to build a {@link FlowSignal} the same way. */
public final class Signals {
  private Signals() {}

  /**
   * Market view of aggressive flow: calls bought or puts sold are BULLISH, puts bought or calls
   * sold are BEARISH; no dominant aggressor is NEUTRAL.
   */
  public static Direction direction(InstrumentClass c, Side aggressor) {
    if (aggressor == Side.NONE || (c != InstrumentClass.CALL && c != InstrumentClass.PUT)) {
      return Direction.NEUTRAL;
    }
    boolean bought = aggressor == Side.BID;
    boolean call = c == InstrumentClass.CALL;
    return bought == call ? Direction.BULLISH : Direction.BEARISH;
  }

  /** Dominant aggressor of a window: the side with more contracts, NONE on a tie. */
  public static Side aggressor(long buyContracts, long sellContracts) {
    if (buyContracts > sellContracts) {
      return Side.BID;
    }
    return sellContracts > buyContracts ? Side.ASK : Side.NONE;
  }

  /** Aggressor sign of a trade: +1 buyer lifted the offer, -1 seller hit the bid, 0 unknown. */
  public static int sign(Side aggressor) {
    return aggressor == Side.BID ? 1 : aggressor == Side.ASK ? -1 : 0;
  }

  /**
   * A signal triggered by {@code trigger}, with the fields every detector fills the same way; the
   * id derives from the trigger, the algorithm and the variant, so replays reproduce it.
   */
  public static FlowSignal.Builder from(
      OptionEvent trigger,
      String algorithm,
      String algorithmVersion,
      FlowDetectionSettings settings,
      UnderlyingPrice underlying) {
    return FlowSignal.newBuilder()
        .setSignalId(
            Ids.signalId(
                trigger.instrumentId,
                trigger.tsEvent,
                trigger.sequence,
                algorithm,
                settings.variant()))
        .setVariant(settings.variant())
        .setAlgorithm(algorithm)
        .setAlgorithmVersion(algorithmVersion)
        .setJobVersion(settings.jobVersion())
        .setInstrumentId(trigger.instrumentId)
        .setRawSymbol(trigger.rawSymbol)
        .setUnderlying(trigger.underlying)
        .setUnderlyingPrice(underlying == null ? null : underlying.price)
        .setStrikePrice(trigger.strike == 0 ? null : trigger.strike)
        .setInstrumentClass(trigger.instrumentClass)
        .setExpiration(trigger.expiration == 0 ? null : trigger.expiration)
        .setTsEvent(trigger.tsEvent)
        .setTriggerSequence(trigger.sequence)
        .setReferencePrice(trigger.price)
        .setTsEmit(EpochNanos.now());
  }

  /** The flow in words for rationales, e.g. {@code calls bought: BULLISH}. */
  public static String flowWords(InstrumentClass c, Side aggressor, Direction d) {
    String what =
        (c == InstrumentClass.CALL ? "calls " : "puts ")
            + (aggressor == Side.BID ? "bought" : "sold");
    return what + ": " + d;
  }

  /** Priority from confidence, unless the delta makes it an emergency. */
  public static Priority priority(Confidence c, boolean immediate) {
    if (immediate) {
      return Priority.IMMEDIATE;
    }
    return switch (c) {
      case EXTREME, VERY_HIGH -> Priority.HIGH;
      case HIGH, MODERATE -> Priority.NORMAL;
      case LOW -> Priority.LOW;
    };
  }

  /** USD as a trader writes it: $1.24M, $180k, $950. */
  public static String usd(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "$%.2fM", v / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "$%.0fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "$%.0f", v);
  }

  /** A number for attributes: integers without a fraction, others with 4 decimals. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Puts a number attribute, written by {@link #num}. */
  public static void put(Map<String, String> attrs, String key, double value) {
    attrs.put(key, num(value));
  }

  /**
   * Confidence of a pattern from its premium notional as a multiple of the minimum: 1x MODERATE,
   * 2.5x HIGH, 5x VERY_HIGH, 10x EXTREME; null below the minimum.
   */
  public static Confidence premiumConfidence(double premiumUsd, double minPremiumUsd) {
    double m = minPremiumUsd <= 0 ? Double.POSITIVE_INFINITY : premiumUsd / minPremiumUsd;
    if (m >= 10) {
      return Confidence.EXTREME;
    }
    if (m >= 5) {
      return Confidence.VERY_HIGH;
    }
    if (m >= 2.5) {
      return Confidence.HIGH;
    }
    return m >= 1 ? Confidence.MODERATE : null;
  }
}
