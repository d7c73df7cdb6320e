package io.nqflow.flow.ifd;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.BucketHistory;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.SessionVolume;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.WindowSlices;
import io.nqflow.flow.baseline.Baselines;
import io.nqflow.flow.baseline.SessionClock;
import io.nqflow.flow.signal.Signals;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * IFD v1.0 "dead simple volume spike", keyed by instrument_id (docs/design.md §6).
 *
 * <p>On every counted trade: the contracts traded in the window ending at the trade, divided by the
 * expected contracts per window for this time-of-day bucket, gives the volume ratio; 4x / 10x / 30x
 * / 50x make MODERATE / HIGH / VERY_HIGH / EXTREME. A signal needs the window's premium notional at
 * least {@code minPremiumUsd} and the strike within {@code maxStrikeDistance} of the last
 * underlying price, and one aggressor side holding at least {@code minOneSidedShare} of the
 * window's contracts; |signed contract delta| in the window of at least {@code
 * immediateSignedDelta} makes it IMMEDIATE. After a signal the instrument stays quiet for the
 * longer of {@code cooldown} and the window (event time) unless the confidence rises.
 *
 * <p>Expected contracts per window: the mean of the bucket's contracts over the last {@code
 * baselineSessions} sessions scaled to the window, once {@code minHistorySessions} sessions are
 * recorded; before that the session-to-date mean per window of the trading before the current
 * window. Either is floored at {@code minBaselineContracts}.
 */
public final class VolumeRatioFunction extends AlignedDetector<FlowSignal> {
  private transient SessionClock clock;
  private transient ValueState<SessionVolume> volume;
  private transient MapState<Integer, BucketHistory> history;
  private transient Counter suppressed;

  public VolumeRatioFunction(FlowDetectionSettings settings) {
    super(settings);
  }

  @Override
  protected String stateName() {
    return "v1";
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    super.open(ctx);
    clock = SessionClock.of(settings);
    ValueStateDescriptor<SessionVolume> volumeDescriptor =
        new ValueStateDescriptor<>("v1-session-volume", TypeInformation.of(SessionVolume.class));
    volumeDescriptor.enableTimeToLive(ttl());
    volume = getRuntimeContext().getState(volumeDescriptor);
    MapStateDescriptor<Integer, BucketHistory> historyDescriptor =
        new MapStateDescriptor<>(
            "v1-bucket-history", Types.INT, TypeInformation.of(BucketHistory.class));
    historyDescriptor.enableTimeToLive(ttl());
    history = getRuntimeContext().getMapState(historyDescriptor);
    var group =
        getRuntimeContext().getMetricGroup().addGroup("algorithm", FlowDetectionSettings.IFD_V1);
    suppressed = group.counter("nqflow_signals_suppressed");
  }

  @Override
  protected void clearState() {
    volume.clear();
    history.clear();
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    if (e.kind != EventKind.TRADE) {
      return;
    }
    SessionVolume s = volume.value();
    if (s == null) {
      s = new SessionVolume();
      s.window = WindowSlices.empty(settings.windowSlices());
    }
    int bucket = Baselines.count(s, e.tsEvent, e.size, history, clock, settings.baselineSessions());
    if (bucket < 0) {
      suppressed.inc();
      return;
    }

    int sign = Signals.sign(e.side);
    double delta = OptionDelta.of(e, underlying, settings.fallbackVolatility());
    double multiplier = Prices.toDouble(e.multiplier);
    long slice = Math.floorDiv(e.tsEvent, settings.sliceNanos());
    s.window.add(
        slice, e.tsEvent, e.size, sign, e.premiumUsd(), sign * e.size * delta * multiplier);

    FlowSignal signal = evaluate(e, s, bucket, slice, underlying);
    if (signal != null) {
      out.collect(signal);
    }
    volume.update(s);
  }

  private FlowSignal evaluate(
      OptionEvent e, SessionVolume s, int bucket, long slice, UnderlyingPrice underlying)
      throws Exception {
    WindowSlices.Totals w = s.window.totals(slice);
    Baselines.Expected baseline =
        Baselines.expected(s, bucket, e.tsEvent, w.contracts, history, settings);
    double ratio = w.contracts / baseline.perWindow();
    Confidence confidence = confidence(ratio);
    if (confidence == null) {
      return null;
    }
    if (w.premiumUsd < settings.minPremiumUsd()) {
      return null;
    }
    if (underlying == null) {
      return null;
    }
    double f = Prices.toDouble(underlying.price);
    double strikeDistance = Math.abs(Prices.toDouble(e.strike) - f) / f;
    if (strikeDistance > settings.maxStrikeDistance()) {
      return null;
    }
    // A volume spike without a dominant side (market makers trading back and forth, both legs of
    // a spread) says nothing about direction: no signal.
    long dominant = Math.max(w.buyContracts, w.sellContracts);
    if (dominant < settings.minOneSidedShare() * w.contracts) {
      return null;
    }
    // One print that makes the spike is for the print patterns (its volume cannot tell an
    // institution's block from a closing trade, a hedge or a spread leg); many small trades are
    // retail.
    if (w.largest > settings.maxPrintShare() * w.contracts
        || e.premiumUsd() < settings.minTriggerPremiumUsd()) {
      return null;
    }
    // While the window still holds the contracts behind the last signal, a repeat at the same
    // confidence is the same detection again; only a higher confidence is news.
    long quietNanos = Math.max(settings.cooldown().toNanos(), settings.window().toNanos());
    if (s.lastSignalConfidence >= 0
        && e.tsEvent - s.lastSignalTs < quietNanos
        && confidence.ordinal() <= s.lastSignalConfidence) {
      suppressed.inc();
      return null;
    }
    s.lastSignalTs = e.tsEvent;
    s.lastSignalConfidence = confidence.ordinal();

    Side aggressor = Signals.aggressor(w.buyContracts, w.sellContracts);
    Direction direction = Signals.direction(e.instrumentClass, aggressor);
    boolean immediate = Math.abs(w.signedDelta) >= settings.immediateSignedDelta();
    long windowStart = (slice - settings.windowSlices() + 1) * settings.sliceNanos();

    Map<String, String> attrs = new HashMap<>();
    Signals.put(attrs, "volume_ratio", ratio);
    Signals.put(attrs, "baseline_per_window", baseline.perWindow());
    attrs.put("baseline_source", baseline.source());
    Signals.put(attrs, "baseline_sessions", baseline.sessions());
    Signals.put(attrs, "baseline_stddev_per_window", baseline.stddevPerWindow());
    Signals.put(attrs, "buy_contracts", w.buyContracts);
    Signals.put(attrs, "sell_contracts", w.sellContracts);
    Signals.put(attrs, "signed_delta", w.signedDelta);
    Signals.put(attrs, "strike_distance", strikeDistance);
    Signals.put(attrs, "window_seconds", settings.window().toSeconds());
    Signals.put(attrs, "bucket", bucket);

    return Signals.from(
            e,
            FlowDetectionSettings.IFD_V1,
            FlowDetectionSettings.IFD_V1_VERSION,
            settings,
            underlying)
        .setAggressor(aggressor)
        .setDirection(direction)
        .setConfidence(confidence)
        .setPriority(Signals.priority(confidence, immediate))
        .setScore(ratio)
        .setWindowStart(windowStart)
        .setContracts(w.contracts)
        .setPremiumUsd(w.premiumUsd)
        .setRationale(
            rationale(
                e,
                w,
                ratio,
                confidence,
                baseline,
                aggressor,
                direction,
                f,
                strikeDistance,
                immediate))
        .setAttributes(attrs)
        .build();
  }

  private Confidence confidence(double ratio) {
    if (ratio >= settings.extremeRatio()) {
      return Confidence.EXTREME;
    }
    if (ratio >= settings.veryHighRatio()) {
      return Confidence.VERY_HIGH;
    }
    if (ratio >= settings.highRatio()) {
      return Confidence.HIGH;
    }
    if (ratio >= settings.moderateRatio()) {
      return Confidence.MODERATE;
    }
    return null;
  }

  private String rationale(
      OptionEvent e,
      WindowSlices.Totals w,
      double ratio,
      Confidence confidence,
      Baselines.Expected baseline,
      Side aggressor,
      Direction direction,
      double underlyingPrice,
      double strikeDistance,
      boolean immediate) {
    String who =
        switch (aggressor) {
          case BID -> "buyers lifted the offer on " + pct(w.buyContracts, w.contracts);
          case ASK -> "sellers hit the bid on " + pct(w.sellContracts, w.contracts);
          case NONE -> "buying and selling were even";
        };
    String what =
        switch (direction) {
          case BULLISH ->
              e.instrumentClass == io.nqflow.common.v1.InstrumentClass.CALL
                  ? "calls bought: BULLISH"
                  : "puts sold: BULLISH";
          case BEARISH ->
              e.instrumentClass == io.nqflow.common.v1.InstrumentClass.PUT
                  ? "puts bought: BEARISH"
                  : "calls sold: BEARISH";
          case NEUTRAL -> "no direction";
        };
    String base =
        switch (baseline.source()) {
          case "history" -> baseline.sessions() + "-session baseline for this time of day";
          case "session_to_date" -> "session-to-date baseline";
          default -> "minimum baseline";
        };
    return String.format(
        Locale.ROOT,
        "%s: %d contracts in %ds vs %.1f expected (%.1fx, %s) = %s; %s (%s); premium %s;"
            + " strike %.2f%% from %s %.2f; signed delta %+.0f%s",
        e.rawSymbol,
        w.contracts,
        settings.window().toSeconds(),
        baseline.perWindow(),
        ratio,
        base,
        confidence,
        who,
        what,
        Signals.usd(w.premiumUsd),
        strikeDistance * 100,
        e.underlying,
        underlyingPrice,
        w.signedDelta,
        immediate ? " (IMMEDIATE)" : "");
  }

  private static String pct(long part, long whole) {
    return whole == 0 ? "0%" : Math.round(100.0 * part / whole) + "%";
  }
}
