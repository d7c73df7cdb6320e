package io.nqflow.flow.pattern;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.LadderRuns;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.flow.signal.Signals;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * The ladder rule of {@link LadderPattern} as a keyed function over the large trades of one
 * underlying, class and aggressor side (the key, packed into a long by {@link #key}). Every trade
 * starts a run; a run takes each later trade at a strike it has no leg at yet and within the
 * largest step of its last leg (relaxed contiguity: other trades are passed over), and completes at
 * {@code ladderMinStrikes} legs. The earliest-started run that completes signals, and every open
 * run ends with it (CEP's skip past the last event); the completing trade starts none. Work per
 * trade is linear in the open runs times their legs, both bounded ({@link LadderRuns#CAP}).
 */
public final class LadderFunction extends AlignedDetector<FlowSignal> {
  private transient ValueState<LadderRuns> runs;

  public LadderFunction(FlowDetectionSettings settings) {
    super(settings);
  }

  @Override
  protected String stateName() {
    return LadderPattern.NAME;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    super.open(ctx);
    runs = getRuntimeContext().getState(descriptor());
  }

  /** The descriptor of the runs' state (tests read the state through it). */
  ValueStateDescriptor<LadderRuns> descriptor() {
    ValueStateDescriptor<LadderRuns> d =
        new ValueStateDescriptor<>("ladder-runs", TypeInformation.of(LadderRuns.class));
    d.enableTimeToLive(ttlCleanedByTimers());
    return d;
  }

  @Override
  protected void clearState() {
    runs.clear();
  }

  /**
   * Share of the leg premium a single trade needs to reach the ladder: a leg is an aggressive
   * order, whose trades (one per price level) are summed; smaller trades are not read at all.
   */
  static final double LEVEL_SHARE = 0.25;

  /**
   * Whether the ladder reads the event: an aggressor's trade of at least a quarter of the leg
   * premium (one price level of a leg's order).
   */
  public static boolean reads(OptionEvent e, FlowDetectionSettings settings) {
    return e.kind == EventKind.TRADE
        && e.premiumUsd() >= LEVEL_SHARE * settings.patternSettings().ladderMinLegPremiumUsd()
        && Signals.sign(e.side) != 0;
  }

  /**
   * The key of underlying, class and aggressor side as a long: an underlying of up to 7 ASCII
   * characters (e.g. {@code NQZ6}) is packed with its length, class and side exactly, so those keys
   * never collide; a longer one is hashed instead (top bit set, 55 bits of FNV-1a).
   */
  public static long key(String underlying, InstrumentClass cls, Side side) {
    long low = ((long) (cls == null ? 15 : cls.ordinal()) << 1) | (side == Side.BID ? 1 : 0);
    byte[] b = underlying == null ? new byte[0] : underlying.getBytes(StandardCharsets.UTF_8);
    boolean ascii = b.length <= 7;
    for (int i = 0; ascii && i < b.length; i++) {
      ascii = b[i] > 0;
    }
    if (ascii) {
      long packed = 0;
      for (byte c : b) {
        packed = (packed << 7) | c;
      }
      return ((long) b.length << 57) | (packed << 8) | low;
    }
    long h = 0xcbf29ce484222325L;
    for (byte c : b) {
      h = (h ^ (c & 0xFF)) * 0x100000001b3L;
    }
    return Long.MIN_VALUE | ((h >>> 9) << 8) | low;
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    if (!reads(e, settings)) {
      return;
    }
    // The pattern hides the expiration from the per-instrument expiry cleanup (LadderPattern).
    e.expiration = Math.abs(e.expiration);
    PatternSettings p = settings.patternSettings();
    int stride = p.ladderMinStrikes() - 1;
    long maxStep = Prices.fromDouble(p.ladderMaxStrikeStep());
    long windowMs = p.ladderWithin().toMillis();
    long nowMs = EpochNanos.toMillis(e.tsEvent);
    LadderRuns r = runs.value();
    if (r == null || r.stride != stride) {
      // None yet, or restored from a version with another minimum of strikes: start over.
      r = LadderRuns.empty(stride);
    }
    // As CEP's within: the first and the last leg less than the window apart, in ms.
    int stale = 0;
    while (stale < r.count && nowMs - EpochNanos.toMillis(r.startTs[stale]) >= windowMs) {
      stale++;
    }
    r.dropOldest(stale);
    // A leg is one aggressive order: its trades share the instrument and ts_event (one per price
    // level) and arrive one after another; the order becomes a leg once its premium reaches the
    // minimum, and only once.
    if (e.instrumentId == r.orderInstrument && e.tsEvent == r.orderTs) {
      r.orderPremium += e.premiumUsd();
      r.orderContracts += e.size;
    } else {
      r.orderInstrument = e.instrumentId;
      r.orderTs = e.tsEvent;
      r.orderPremium = e.premiumUsd();
      r.orderContracts = e.size;
      r.orderLegged = false;
    }
    if (r.orderLegged || r.orderPremium < p.ladderMinLegPremiumUsd()) {
      runs.update(r);
      return;
    }
    r.orderLegged = true;
    e.size = r.orderContracts;
    double premium = r.orderPremium;
    for (int i = 0; i < r.count; i++) {
      if (r.has(i, e.strike) || Math.abs(e.strike - r.lastStrike(i)) > maxStep) {
        continue;
      }
      if (r.legs[i] + 1 >= p.ladderMinStrikes()) {
        emit(r, i, e, premium, underlying, out);
        runs.clear();
        return;
      }
      r.addLeg(i, e.strike, e.size, premium);
    }
    if (r.start(e.tsEvent, e.strike, e.size, premium)) {
      // Ends the run once its window has passed, if no trade of the key does first.
      ctx.timerService().registerEventTimeTimer(nowMs + windowMs);
    }
    if (r.count == 0) {
      // Nothing open; the order just taken cannot become a leg twice.
      runs.clear();
    } else {
      runs.update(r);
    }
  }

  private void emit(
      LadderRuns r,
      int i,
      OptionEvent trigger,
      double premium,
      UnderlyingPrice underlying,
      Collector<FlowSignal> out) {
    TreeSet<Double> strikes = new TreeSet<>();
    for (int l = 0; l < r.legs[i]; l++) {
      strikes.add(Prices.toDouble(r.strike(i, l)));
    }
    strikes.add(Prices.toDouble(trigger.strike));
    Side side = trigger.side;
    Map<String, String> attrs = new HashMap<>();
    Signals.put(attrs, "strikes", strikes.size());
    attrs.put("strike_list", strikes.toString());
    String head =
        String.format(
            Locale.ROOT,
            "%s %s: ladder, %s across %d strikes %s within %.1fs",
            trigger.underlying,
            trigger.instrumentClass,
            side == Side.BID ? "buyers lifted offers" : "sellers hit bids",
            strikes.size(),
            strikes,
            CepSupport.seconds(r.startTs[i], trigger.tsEvent));
    FlowSignal s =
        CepSupport.signal(
            settings,
            LadderPattern.NAME,
            trigger,
            r.startTs[i],
            r.contracts[i] + trigger.size,
            r.premiumUsd[i] + premium,
            side,
            strikes.size(),
            attrs,
            head,
            underlying);
    if (s != null) {
      out.collect(s);
    }
  }

  @Override
  protected void onDetectorTimer(long timestamp, OnTimerContext ctx, Collector<FlowSignal> out)
      throws Exception {
    LadderRuns r = runs.value();
    if (r == null) {
      return;
    }
    long windowMs = settings.patternSettings().ladderWithin().toMillis();
    int stale = 0;
    while (stale < r.count && timestamp - EpochNanos.toMillis(r.startTs[stale]) >= windowMs) {
      stale++;
    }
    if (stale == 0) {
      return;
    }
    r.dropOldest(stale);
    if (r.count == 0) {
      runs.clear();
    } else {
      runs.update(r);
    }
  }
}
