package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.AccumulationRun;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.flow.signal.Signals;
import io.nqflow.signals.v1.FlowSignal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * The accumulation rule of {@link AccumulationPattern} as a keyed function: per instrument (the
 * key) one open run of trades per aggressor side, in event order. On each qualifying trade the run
 * drops the trades that fell out of the window, takes the trade, and looks for the earliest start
 * from which the run up to this trade qualifies; then it signals and starts empty. Work per trade
 * is linear in the run, state is the run (at most {@link AccumulationRun#CAP} trades per side).
 */
final class AccumulationFunction extends AlignedDetector<FlowSignal> {
  /** State names of the buyers' and the sellers' runs. */
  static final String BUYING = "accumulation-buy";

  static final String SELLING = "accumulation-sell";

  private transient ValueState<AccumulationRun> buying;
  private transient ValueState<AccumulationRun> selling;

  AccumulationFunction(FlowDetectionSettings settings) {
    super(settings);
  }

  @Override
  protected String stateName() {
    return AccumulationPattern.NAME;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    super.open(ctx);
    buying = getRuntimeContext().getState(descriptor(BUYING));
    selling = getRuntimeContext().getState(descriptor(SELLING));
  }

  /** The descriptor of a run's state (tests read the state through it). */
  ValueStateDescriptor<AccumulationRun> descriptor(String name) {
    ValueStateDescriptor<AccumulationRun> d =
        new ValueStateDescriptor<>(name, TypeInformation.of(AccumulationRun.class));
    d.enableTimeToLive(ttlCleanedByTimers());
    return d;
  }

  @Override
  protected void clearState() {
    buying.clear();
    selling.clear();
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    PatternSettings p = settings.patternSettings();
    int sign = Signals.sign(e.side);
    if (e.kind != EventKind.TRADE || sign == 0 || e.size < p.accumulationMinTradeContracts()) {
      return;
    }
    ValueState<AccumulationRun> state = sign > 0 ? buying : selling;
    AccumulationRun run = state.value();
    if (run == null) {
      run = AccumulationRun.empty();
    }
    long nowMs = EpochNanos.toMillis(e.tsEvent);
    long windowMs = p.accumulationWithin().toMillis();
    // As CEP's within: the first and the last trade less than the window apart, in ms.
    int stale = 0;
    while (stale < run.count && nowMs - EpochNanos.toMillis(run.ts(stale)) >= windowMs) {
      stale++;
    }
    run.dropOldest(stale);
    run.add(e.tsEvent, e.size, e.premiumUsd());
    int start = qualifyingStart(run, e, p);
    if (start < 0) {
      state.update(run);
      // Drops the run once event time has left it behind, if no trade does first.
      ctx.timerService().registerEventTimeTimer(nowMs + windowMs);
      return;
    }
    state.clear();
    emit(run, start, e, underlying, out);
  }

  /**
   * The earliest index from which the run up to its last trade (the trigger {@code e}) qualifies,
   * or -1: at least {@code minTrades} trades, at least the minimum premium, no trade with half of
   * it or more, and the trigger's side at least {@code minShare} of the instrument's aggressive
   * contracts over the window (the router's tally up to the trigger).
   */
  private int qualifyingStart(AccumulationRun run, OptionEvent e, PatternSettings p) {
    long own = e.side == Side.BID ? e.recentBuy : e.recentSell;
    long all = e.recentBuy + e.recentSell;
    if (own < p.accumulationMinShare() * all) {
      return -1;
    }
    double minPremium = settings.minPremiumUsd();
    int minTrades = p.accumulationMinTrades();
    double total = 0;
    double largest = 0;
    int found = -1;
    for (int i = run.count - 1; i >= 0; i--) {
      double premium = run.premium(i);
      total += premium;
      largest = Math.max(largest, premium);
      if (run.count - i >= minTrades && total >= minPremium && 2 * largest <= total) {
        found = i;
      }
    }
    return found;
  }

  private void emit(
      AccumulationRun run,
      int start,
      OptionEvent trigger,
      UnderlyingPrice underlying,
      Collector<FlowSignal> out) {
    int trades = run.count - start;
    long contracts = 0;
    double premium = 0;
    for (int i = start; i < run.count; i++) {
      contracts += run.size(i);
      premium += run.premium(i);
    }
    long firstTs = run.ts(start);
    Side side = trigger.side;
    Map<String, String> attrs = new HashMap<>();
    Signals.put(attrs, "trades", trades);
    String head =
        String.format(
            Locale.ROOT,
            "%s: accumulation, %d trades %s over %.1f minutes",
            trigger.rawSymbol,
            trades,
            side == Side.BID ? "lifting offers" : "hitting bids",
            CepSupport.seconds(firstTs, trigger.tsEvent) / 60);
    FlowSignal s =
        CepSupport.signal(
            settings,
            AccumulationPattern.NAME,
            trigger,
            firstTs,
            contracts,
            premium,
            side,
            trades,
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
    long windowMs = settings.patternSettings().accumulationWithin().toMillis();
    for (ValueState<AccumulationRun> state : java.util.List.of(buying, selling)) {
      AccumulationRun run = state.value();
      if (run != null
          && (run.count == 0
              || timestamp - EpochNanos.toMillis(run.ts(run.count - 1)) >= windowMs)) {
        state.clear();
      }
    }
  }
}
