package io.nqflow.flow.confirm;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.ConfirmationSettings;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.FuturesPrints;
import io.nqflow.flow.HeldSignal;
import io.nqflow.flow.IcebergMarks;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.OptionPrints;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.OptionDelta;
import io.nqflow.flow.pattern.AccumulationPattern;
import io.nqflow.flow.pattern.IcebergPattern;
import io.nqflow.flow.routing.FlowTags;
import io.nqflow.flow.signal.Signals;
import io.nqflow.jobs.common.Uids;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirmation stage, keyed by underlying, between the detectors and the dedupe: holds each signal
 * until the prints around its trigger are in, then drops it when the trigger was delta-hedged in
 * the futures or is one leg of a spread; every other signal goes on unchanged.
 *
 * <p>Hedged: the futures trades within {@code hedgeWindow} of the trigger (either way) offset at
 * least {@code hedgeMinRatio} of the signal's delta (its contracts x delta x multiplier; buying
 * calls or selling puts is + delta, the futures must be of the other sign). Spread leg: an order in
 * the same class and expiration at another strike, of the other aggressor side, within {@code
 * legWindow} of the trigger, of at least {@code legMinPremiumUsd} and with contracts within {@code
 * legSizeTolerance} of the trigger order's (with {@code legLookAhead} off, only an earlier leg
 * counts and the check runs with the hedge check). The trigger order is the signal instrument's
 * trades at the trigger's {@code ts_event} (all its price levels); when none was seen, the signal's
 * contracts stand in.
 *
 * <p>Aligned to the watermark each check runs when event time passes the trigger plus its window,
 * so every run over the same input decides the same; on arrival (live) it runs that long in wall
 * time after the signal arrived, and the end of a bounded input releases what waits. A signal
 * therefore leaves at the earliest its trigger + {@link ConfirmationSettings#hold()} (later than
 * without this stage by that much); signals leave in the order their holds end. A signal that
 * arrives when the watermark has already passed its trigger + hold (a detector's channel woke from
 * idleness after its siblings had carried event time on, docs/detection.md) has the checks that are
 * due run on arrival, on the prints still kept, instead of waiting for a timer that would fire only
 * at the next watermark (counted in {@code nqflow_confirmation_signals_behind_watermark}). Prints
 * are kept only as long as a check may still need them (cleanup timers, docs/detection.md), at most
 * {@code maxPrints} per kind.
 */
public final class SignalConfirmation
    extends KeyedCoProcessFunction<String, FlowSignal, OptionEvent, FlowSignal> {
  private static final Logger LOG = LoggerFactory.getLogger(SignalConfirmation.class);

  /** Reason group of {@code nqflow_signals_rejected}: the trigger was delta-hedged. */
  public static final String HEDGED = "hedged";

  /** Reason group of {@code nqflow_signals_rejected}: the trigger is one leg of a spread. */
  public static final String SPREAD_LEG = "spread_leg";

  /** Reason group of {@code nqflow_signals_rejected}: an iceberg absorbed the flow. */
  public static final String ABSORBED = "absorbed";

  /** The iceberg pattern's algorithm name, whose signals mark absorbing orders. */
  static final String ICEBERG = "cep_" + IcebergPattern.NAME;

  /** The algorithms that take the aggressors' side and so are fooled by an iceberg. */
  static final Set<String> AGGRESSOR_FLOW =
      Set.of(FlowDetectionSettings.IFD_V1, "cep_" + AccumulationPattern.NAME);

  /** Cleanup timers are rounded up to this many ms, so a busy tape registers few of them. */
  static final long GRAIN_MS = 10;

  /**
   * On arrival, prints are kept this much longer (wall time): a signal reaches the stage a little
   * after the prints of its trigger (it went through a detector).
   */
  static final long ARRIVAL_SLACK_MS = 1_000;

  private final ConfirmationSettings cfg;
  private final boolean aligned;
  private final double fallbackVol;
  private final long hedgeNs;
  private final long legNs;
  private final boolean lookAhead;
  private final long absorbNs;

  private transient ListState<HeldSignal> held;
  private transient ValueState<FuturesPrints> futures;
  private transient ValueState<OptionPrints> options;
  private transient ValueState<IcebergMarks> icebergs;
  private transient Counter absorbed;
  private transient Counter hedged;
  private transient Counter spreadLegs;
  private transient Counter evicted;
  private transient Counter behind;

  public SignalConfirmation(FlowDetectionSettings settings) {
    this.cfg = settings.confirmation();
    this.aligned = settings.alignToWatermark();
    this.fallbackVol = settings.fallbackVolatility();
    this.hedgeNs = cfg.hedgeWindow().toNanos();
    this.legNs = cfg.legWindow().toNanos();
    this.lookAhead = cfg.legLookAhead();
    this.absorbNs = cfg.absorbWindow().toNanos();
  }

  /**
   * The stage on the detectors' signals, fed by the router's output: option trades and the futures
   * trades of its {@link FlowTags#FUTURES_TRADES} side output.
   */
  public static DataStream<FlowSignal> apply(
      DataStream<FlowSignal> signals,
      SingleOutputStreamOperator<OptionEvent> routed,
      FlowDetectionSettings settings) {
    DataStream<OptionEvent> prints =
        routed
            .filter(e -> e.kind == EventKind.TRADE && Signals.sign(e.side) != 0)
            .name("confirmation: option trades")
            .union(routed.getSideOutput(FlowTags.FUTURES_TRADES));
    return signals
        .keyBy(FlowSignal::getUnderlying, Types.STRING)
        .connect(prints.keyBy(SignalConfirmation::keyOf, Types.STRING))
        .process(new SignalConfirmation(settings))
        .returns(new AvroTypeInfo<>(FlowSignal.class))
        .uid(Uids.SIGNAL_CONFIRMATION)
        .name("signal-confirmation");
  }

  /** The key of a print: the underlying future's symbol (a future's own symbol). */
  public static String keyOf(OptionEvent e) {
    return e.instrumentClass == InstrumentClass.FUTURE ? e.rawSymbol : e.underlying;
  }

  @Override
  public void open(OpenContext ctx) {
    held =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "confirmation-held", TypeInformation.of(HeldSignal.class)));
    futures =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "confirmation-futures", TypeInformation.of(FuturesPrints.class)));
    options =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "confirmation-options", TypeInformation.of(OptionPrints.class)));
    icebergs =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "confirmation-icebergs", TypeInformation.of(IcebergMarks.class)));
    var metrics = getRuntimeContext().getMetricGroup();
    absorbed = metrics.addGroup("reason", ABSORBED).counter("nqflow_signals_rejected");
    hedged = metrics.addGroup("reason", HEDGED).counter("nqflow_signals_rejected");
    spreadLegs = metrics.addGroup("reason", SPREAD_LEG).counter("nqflow_signals_rejected");
    evicted = metrics.counter("nqflow_confirmation_prints_evicted");
    behind = metrics.counter("nqflow_confirmation_signals_behind_watermark");
  }

  @Override
  public void processElement1(FlowSignal s, Context ctx, Collector<FlowSignal> out)
      throws Exception {
    InstrumentClass c = s.getInstrumentClass();
    if (s.getStrikePrice() == null || (c != InstrumentClass.CALL && c != InstrumentClass.PUT)) {
      // Not an option: nothing to confirm.
      out.collect(s);
      return;
    }
    long t = s.getTsEvent();
    if (absorbNs > 0 && ICEBERG.equals(s.getAlgorithm())) {
      markIceberg(s, ctx);
    }
    long now = aligned ? 0 : now(ctx);
    HeldSignal h =
        new HeldSignal(
            s,
            aligned ? ceilMillis(t + hedgeNs) : now + ceilMillis(hedgeNs),
            // Looking back only, the spread check needs no prints after the trigger: it runs
            // with the hedge check.
            lookAhead
                ? (aligned ? ceilMillis(t + legNs) : now + ceilMillis(legNs))
                : (aligned ? ceilMillis(t + hedgeNs) : now + ceilMillis(hedgeNs)));
    h.hedgeChecked = hedgeNs == 0;
    h.legChecked = legNs == 0;
    if (h.confirmed()) {
      out.collect(s);
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    if (aligned && watermark >= Math.min(h.hedgeAt, h.legAt)) {
      // Behind event time (it came from a detector after the watermark that released it had
      // passed here): a timer at a passed time fires only when the watermark next advances, which
      // on a quiet tape is never. The checks due now run now, on the prints still kept.
      behind.inc();
      LOG.info(
          "signal {} ({} on {}) arrived {} ms behind its checks (watermark {}): decided now",
          s.getSignalId(),
          s.getAlgorithm(),
          s.getRawSymbol(),
          watermark - Math.min(h.hedgeAt, h.legAt),
          watermark);
      if (decide(h, watermark, false, futures.value(), options.value(), out)) {
        return;
      }
    }
    held.add(h);
    for (long at : new long[] {h.hedgeAt, h.legAt}) {
      timer(ctx, at);
    }
    if (!aligned) {
      // The end of a bounded input (watermark at the end of time) releases what still waits.
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }
  }

  @Override
  public void processElement2(OptionEvent e, Context ctx, Collector<FlowSignal> out)
      throws Exception {
    int side = Signals.sign(e.side);
    if (side == 0 || e.size <= 0) {
      return;
    }
    long base = aligned ? EpochNanos.toMillis(e.tsEvent) : now(ctx) + ARRIVAL_SLACK_MS;
    long until;
    boolean dropped;
    if (e.instrumentClass == InstrumentClass.FUTURE) {
      if (hedgeNs == 0) {
        return;
      }
      // Needed until the check of a trigger one hedge window later has run.
      until = base + ceilMillis(2 * hedgeNs);
      FuturesPrints f = futures.value();
      if (f == null) {
        f = FuturesPrints.empty();
      }
      dropped =
          f.add(
              e.tsEvent,
              side * e.size,
              io.nqflow.market.Prices.toDouble(e.multiplier),
              until,
              cfg.maxPrints());
      futures.update(f);
    } else {
      // Needed as a trigger until its checks ran, and as another leg until the check of a trigger
      // one leg window later ran.
      until = base + ceilMillis(2 * Math.max(hedgeNs, legNs));
      OptionPrints o = options.value();
      if (o == null) {
        o = OptionPrints.empty();
      }
      dropped = o.add(e, side, until, cfg.maxPrints());
      options.update(o);
    }
    if (dropped) {
      evicted.inc();
    }
    timer(ctx, Math.floorDiv(until + GRAIN_MS - 1, GRAIN_MS) * GRAIN_MS);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowSignal> out)
      throws Exception {
    boolean end = ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == Long.MAX_VALUE;
    if (!end && (ctx.timeDomain() == TimeDomain.EVENT_TIME) != aligned) {
      return;
    }
    FuturesPrints f = futures.value();
    OptionPrints o = options.value();
    List<HeldSignal> waiting = new ArrayList<>();
    held.get().forEach(waiting::add);
    if (!waiting.isEmpty()) {
      List<HeldSignal> keep = new ArrayList<>(waiting.size());
      for (HeldSignal h : waiting) {
        if (!decide(h, timestamp, end, f, o, out)) {
          keep.add(h);
        }
      }
      if (keep.isEmpty()) {
        held.clear();
      } else {
        held.update(keep);
      }
    }
    // Pruned after the checks: a print kept until now is still seen by a check due now.
    if (f != null) {
      if (end || f.prune(timestamp) == 0) {
        futures.clear();
      } else {
        futures.update(f);
      }
    }
    if (o != null) {
      if (end || o.prune(timestamp) == 0) {
        options.clear();
      } else {
        options.update(o);
      }
    }
    IcebergMarks m = icebergs.value();
    if (m != null && aligned) {
      // Event time: marks whose window (plus a hold for signals still on their way) has passed.
      long before = timestamp * 1_000_000L - absorbNs - 2 * Math.max(hedgeNs, legNs);
      if (end || m.prune(before) == 0) {
        icebergs.clear();
      } else {
        icebergs.update(m);
      }
    } else if (m != null && end) {
      icebergs.clear();
    }
  }

  /**
   * Runs the checks of {@code h} that are due at {@code timestamp} (all of them at the {@code
   * end}); true when the signal left: rejected, or confirmed and emitted.
   */
  private boolean decide(
      HeldSignal h,
      long timestamp,
      boolean end,
      FuturesPrints f,
      OptionPrints o,
      Collector<FlowSignal> out)
      throws java.io.IOException {
    if (!h.hedgeChecked && (end || timestamp >= h.hedgeAt)) {
      h.hedgeChecked = true;
      String why = hedge(h.signal, f, o);
      if (why != null) {
        reject(h.signal, HEDGED, why, hedged);
        return true;
      }
    }
    if (!h.legChecked && (end || timestamp >= h.legAt)) {
      h.legChecked = true;
      String why = otherLeg(h.signal, o);
      if (why != null) {
        reject(h.signal, SPREAD_LEG, why, spreadLegs);
        return true;
      }
      why = absorbedBy(h.signal, icebergs.value());
      if (why != null) {
        reject(h.signal, ABSORBED, why, absorbed);
        return true;
      }
    }
    if (h.confirmed()) {
      out.collect(h.signal);
      return true;
    }
    return false;
  }

  /** Why the signal's trigger counts as delta-hedged, or null when it does not. */
  String hedge(FlowSignal s, FuturesPrints f, OptionPrints o) {
    if (f == null || f.count == 0) {
      return null;
    }
    long t = s.getTsEvent();
    // The whole flow the signal stands for, not just its last print: a one-lot trigger of an
    // accumulation is not the accumulation, and a futures lot that happens to offset it is no
    // hedge.
    long contracts = s.getContracts();
    if (contracts <= 0 && o != null) {
      contracts = o.contractsAt(s.getInstrumentId(), t);
    }
    double mult = o == null ? 0 : o.multiplierOf(s.getInstrumentId());
    // Without the option's multiplier, futures and option contracts are compared one to one.
    boolean inContracts = mult <= 0;
    double delta = delta(s);
    double option = Signals.sign(s.getAggressor()) * delta * contracts * (inContracts ? 1 : mult);
    double fut = f.exposure(t, hedgeNs, inContracts);
    if (option == 0 || Math.signum(fut) != -Math.signum(option)) {
      return null;
    }
    double ratio = Math.abs(fut) / Math.abs(option);
    if (ratio < cfg.hedgeMinRatio()) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "futures within %d ms offset %.2f of the trigger's delta (%d contracts x delta %.2f)",
        cfg.hedgeWindow().toMillis(),
        ratio,
        contracts,
        delta);
  }

  /**
   * Records an iceberg signal: the instrument and its resting side, for {@link #absorbedBy}. Marks
   * older than the absorb window (at this signal's trigger) are dropped; aligned to the watermark a
   * cleanup timer drops the rest once event time has passed the window (on arrival at most {@link
   * IcebergMarks#CAP} stay until the next iceberg signal prunes them).
   */
  private void markIceberg(FlowSignal s, Context ctx) throws Exception {
    IcebergMarks m = icebergs.value();
    if (m == null) {
      m = IcebergMarks.empty();
    }
    m.prune(s.getTsEvent() - absorbNs);
    m.add(s.getInstrumentId(), Signals.sign(s.getAggressor()), s.getTsEvent());
    icebergs.update(m);
    if (aligned) {
      long until = ceilMillis(absorbNs + 2 * Math.max(hedgeNs, legNs));
      timer(ctx, EpochNanos.toMillis(s.getTsEvent()) + until);
    }
  }

  /**
   * Why an IFD v1 or accumulation signal's flow counts as absorbed by an iceberg, or null: an
   * iceberg signal on the same instrument whose resting side is the other side of the signal's
   * aggressors, triggered from one hold before the signal's trigger to the absorb window after it.
   * Those aggressors were filled by a hidden order that kept refilling: the informed side is the
   * resting one, which the iceberg signal reports.
   */
  String absorbedBy(FlowSignal s, IcebergMarks m) {
    if (absorbNs == 0 || m == null || m.count == 0 || !AGGRESSOR_FLOW.contains(s.getAlgorithm())) {
      return null;
    }
    long t = s.getTsEvent();
    int i =
        m.against(
            s.getInstrumentId(),
            Signals.sign(s.getAggressor()),
            t - absorbNs,
            t + cfg.hold().toNanos());
    if (i < 0) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "aggressors filled by an iceberg resting on the other side (its signal %d ms from the"
            + " trigger)",
        (m.ts[i] - t) / 1_000_000);
  }

  /** Why the signal's trigger is one leg of a spread, or null when it is not. */
  String otherLeg(FlowSignal s, OptionPrints o) {
    if (o == null || o.count == 0 || s.getExpiration() == null) {
      return null;
    }
    long t = s.getTsEvent();
    long contracts = o.contractsAt(s.getInstrumentId(), t);
    if (contracts == 0) {
      contracts = s.getContracts();
    }
    int i =
        o.otherLeg(
            s.getInstrumentClass().ordinal(),
            s.getExpiration(),
            s.getStrikePrice(),
            Signals.sign(s.getAggressor()),
            t,
            legNs,
            lookAhead ? legNs : 0,
            contracts,
            cfg.legSizeTolerance(),
            cfg.legMinPremiumUsd());
    if (i < 0) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "opposite leg: %d contracts of instrument %d (strike %s) %s ms from the trigger's %d",
        o.contracts[i],
        o.instrumentId[i],
        io.nqflow.market.Prices.toDouble(o.strike[i]),
        (o.ts[i] - t) / 1_000_000,
        contracts);
  }

  /** The option delta of the signal's instrument at its trigger (calls > 0, puts < 0). */
  private double delta(FlowSignal s) {
    OptionEvent e = new OptionEvent();
    e.instrumentClass = s.getInstrumentClass();
    e.strike = s.getStrikePrice();
    e.expiration = s.getExpiration() == null ? 0 : s.getExpiration();
    e.tsEvent = s.getTsEvent();
    e.price = s.getReferencePrice();
    UnderlyingPrice u =
        s.getUnderlyingPrice() == null
            ? null
            : new UnderlyingPrice(s.getUnderlying(), s.getUnderlyingPrice(), s.getTsEvent());
    return OptionDelta.of(e, u, fallbackVol);
  }

  private static void reject(FlowSignal s, String reason, String why, Counter counter) {
    counter.inc();
    // Not bad input (no dead letter): a detection that is not directional flow.
    LOG.info(
        "signal {} ({} on {}) rejected: {}: {}",
        s.getSignalId(),
        s.getAlgorithm(),
        s.getRawSymbol(),
        reason,
        why);
  }

  /** Wall time, ms (the clock on arrival). */
  private static long now(Context ctx) {
    return ctx.timerService().currentProcessingTime();
  }

  private void timer(Context ctx, long at) {
    if (aligned) {
      ctx.timerService().registerEventTimeTimer(at);
    } else {
      ctx.timerService().registerProcessingTimeTimer(at);
    }
  }

  private static long ceilMillis(long nanos) {
    return Math.floorDiv(nanos + 999_999L, 1_000_000L);
  }
}
