package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.signal.Signals;
import io.nqflow.signals.v1.FlowSignal;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.OutputTag;

/**
 * What the patterns share: event order and late events of the Flink CEP ones, and building a
 * pattern's signal.
 */
public final class CepSupport {
  private CepSupport() {}

  /** Option events that reached a CEP operator behind its watermark. */
  public static final OutputTag<OptionEvent> LATE =
      new OutputTag<>("late-pattern-events", TypeInformation.of(OptionEvent.class));

  /** CEP orders events of one millisecond by ts_event (ns), then sequence, then instrument. */
  public static final class EventOrder implements EventComparator<OptionEvent> {
    @Override
    public int compare(OptionEvent a, OptionEvent b) {
      int c = Long.compare(a.tsEvent, b.tsEvent);
      if (c != 0) {
        return c;
      }
      c = Long.compare(a.sequence, b.sequence);
      return c != 0 ? c : Long.compare(a.instrumentId, b.instrumentId);
    }
  }

  /**
   * A pattern stream. Aligned to the watermark (replays, backtests): in event time, with
   * deterministic order and late events kept. On arrival (live): in processing time, so that a
   * match is emitted when its last event arrives instead of when the watermark passes it (CEP in
   * event time buffers every event until then: hundreds of ms to seconds of latency); its {@code
   * within} is then wall time, which live is market time.
   */
  public static <K> PatternStream<OptionEvent> stream(
      KeyedStream<OptionEvent, K> input,
      Pattern<OptionEvent, ?> pattern,
      FlowDetectionSettings settings) {
    PatternStream<OptionEvent> s = CEP.pattern(input, pattern, new EventOrder());
    return settings.alignToWatermark()
        ? s.inEventTime().sideOutputLateData(LATE)
        : s.inProcessingTime();
  }

  /**
   * A pattern's signal from the events of its match, triggered by the last one; null when the
   * premium is below the minimum.
   */
  public static FlowSignal signal(
      FlowDetectionSettings settings,
      String name,
      List<OptionEvent> events,
      Side side,
      double score,
      Map<String, String> attributes,
      String rationaleHead) {
    OptionEvent first = events.get(0);
    OptionEvent last = events.get(events.size() - 1);
    long contracts = 0;
    double premium = 0;
    for (OptionEvent e : events) {
      contracts += e.size;
      premium += e.premiumUsd();
    }
    return signal(
        settings,
        name,
        last,
        first.tsEvent,
        contracts,
        premium,
        side,
        score,
        attributes,
        rationaleHead,
        null);
  }

  /**
   * A pattern's signal from the totals of its events (premium summed in event order), triggered by
   * {@code trigger}; null when the premium is below the minimum. {@code underlying} is the price as
   * of the trigger, or null when the {@link UnderlyingGate} adds it later.
   */
  public static FlowSignal signal(
      FlowDetectionSettings settings,
      String name,
      OptionEvent trigger,
      long firstTsEvent,
      long contracts,
      double premium,
      Side side,
      double score,
      Map<String, String> attributes,
      String rationaleHead,
      UnderlyingPrice underlying) {
    OptionEvent last = trigger;
    Confidence confidence = Signals.premiumConfidence(premium, settings.minPremiumUsd());
    if (confidence == null) {
      return null;
    }
    var direction = Signals.direction(last.instrumentClass, side);
    String rationale =
        rationaleHead
            + "; "
            + Signals.flowWords(last.instrumentClass, side, direction)
            + "; "
            + contracts
            + " contracts, premium "
            + Signals.usd(premium);
    return Signals.from(last, "cep_" + name, settings.patternVersion(name), settings, underlying)
        .setAggressor(side)
        .setDirection(direction)
        .setConfidence(confidence)
        .setPriority(Signals.priority(confidence, false))
        .setScore(score)
        .setWindowStart(firstTsEvent)
        .setContracts(contracts)
        .setPremiumUsd(premium)
        .setRationale(rationale)
        .setAttributes(attributes)
        .build();
  }

  /** Seconds between two event times, for rationales. */
  public static double seconds(long fromNs, long toNs) {
    return (toNs - fromNs) / 1e9;
  }
}
