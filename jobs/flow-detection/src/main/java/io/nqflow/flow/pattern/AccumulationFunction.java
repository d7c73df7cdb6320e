package io.nqflow.flow.pattern;

import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.AccumulationActivity;
import io.nqflow.flow.AccumulationRun;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PatternSettings;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.baseline.SessionClock;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.flow.signal.Signals;
import io.nqflow.signals.v1.FlowSignal;
import java.util.Arrays;
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

  /** State name of the instrument's session activity. */
  static final String ACTIVITY = "accumulation-activity";

  /** The session's flow is measured over at least this long. */
  private static final long MIN_ELAPSED_NS = 60 * 1_000_000_000L;

  /** A previous session's rate counts only when it traded at least this long. */
  private static final long MIN_PRIOR_NS = 30L * 60 * 1_000_000_000L;

  /** A run is compared with at least this long of expected flow. */
  private static final long MIN_RUN_NS = 5L * 60 * 1_000_000_000L;

  /** Candidate starts checked for slicing per trade, oldest first (bounds the work per trade). */
  private static final int MAX_SLICED_CHECKS = 64;

  private transient ValueState<AccumulationRun> buying;
  private transient ValueState<AccumulationRun> selling;
  private transient ValueState<AccumulationActivity> activity;
  private transient SessionClock clock;

  /** Per start index of the current run: whether the rules before slicing hold (scratch). */
  private transient boolean[] candidate;

  /** The premiums of a candidate run, sorted (scratch). */
  private transient double[] scratch;

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
    ValueStateDescriptor<AccumulationActivity> a =
        new ValueStateDescriptor<>(ACTIVITY, TypeInformation.of(AccumulationActivity.class));
    a.enableTimeToLive(ttlCleanedByTimers());
    activity = getRuntimeContext().getState(a);
    clock = SessionClock.of(settings);
    candidate = new boolean[AccumulationRun.CAP];
    scratch = new double[AccumulationRun.CAP];
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
    activity.clear();
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    PatternSettings p = settings.patternSettings();
    if (e.kind != EventKind.TRADE) {
      return;
    }
    AccumulationActivity act = countActivity(e);
    int sign = Signals.sign(e.side);
    if (sign == 0 || e.size < p.accumulationMinTradeContracts()) {
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
    AccumulationRun other = (sign > 0 ? selling : buying).value();
    int start = qualifyingStart(run, other, e, p, act);
    if (start < 0) {
      state.update(run);
      // Drops the run once event time has left it behind, if no trade does first.
      ctx.timerService().registerEventTimeTimer(nowMs + windowMs);
      return;
    }
    state.clear();
    long last = sign > 0 ? act.lastBuySignalTs : act.lastSellSignalTs;
    if (last > 0 && e.tsEvent - last < p.accumulationWithin().toNanos()) {
      // The accumulation signalled within the window goes on: the same flow, not a new signal.
      return;
    }
    if (sign > 0) {
      act.lastBuySignalTs = e.tsEvent;
    } else {
      act.lastSellSignalTs = e.tsEvent;
    }
    activity.update(act);
    emit(run, start, e, underlying, out);
  }

  /**
   * The earliest index from which the run up to its last trade (the trigger {@code e}) qualifies,
   * or -1: at least {@code minTrades} trades, at least the minimum premium, no trade with half of
   * it or more, and the trigger's side at least {@code minShare} of the instrument's aggressive
   * contracts over the window (the router's tally up to the trigger), and the run's contracts at
   * least {@code minVolumeRatio} times what the option's own flow this session lets one side expect
   * over the run's duration.
   */
  private int qualifyingStart(
      AccumulationRun run,
      AccumulationRun other,
      OptionEvent e,
      PatternSettings p,
      AccumulationActivity act) {
    long own = e.side == Side.BID ? e.recentBuy : e.recentSell;
    long all = e.recentBuy + e.recentSell;
    if (own < p.accumulationMinShare() * all) {
      return -1;
    }
    double minPremium = settings.minPremiumUsd();
    int minTrades = p.accumulationMinTrades();
    double total = 0;
    double largest = 0;
    long contracts = 0;
    // The other side's trades since the candidate start; starts move back in time, so it grows.
    int others = 0;
    int nextOther = other == null ? -1 : other.count - 1;
    int found = -1;
    Arrays.fill(candidate, 0, run.count, false);
    for (int i = run.count - 1; i >= 0; i--) {
      double premium = run.premium(i);
      total += premium;
      largest = Math.max(largest, premium);
      contracts += run.size(i);
      while (nextOther >= 0 && other.ts(nextOther) >= run.ts(i)) {
        others++;
        nextOther--;
      }
      if (run.count - i >= minTrades
          && total >= minPremium
          && total >= p.accumulationMinAvgTradePremiumUsd() * (run.count - i)
          && 2 * largest <= total
          && standsOut(contracts, e.tsEvent - run.ts(i), expectedRate(e, act, contracts), p)
          && pValue(run.count - i, others, p.accumulationMaxPValue())
              <= p.accumulationMaxPValue()) {
        candidate[i] = true;
        found = i;
      }
    }
    if (found < 0 || !clipRulesOn(p)) {
      return found;
    }
    // The earliest start that also looks sliced; checked only where the rules above hold.
    int checked = 0;
    for (int i = found; i <= run.count - minTrades && checked < MAX_SLICED_CHECKS; i++) {
      if (candidate[i]) {
        checked++;
        if (sliced(run, i, p)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean clipRulesOn(PatternSettings p) {
    return p.accumulationMinClipShare() > 0 || p.accumulationMaxGapCv() > 0;
  }

  /**
   * Whether the run from trade {@code start} to its last looks like one order sliced into child
   * orders: at least {@code min_clip_share} of its trades are clips (premium within {@code
   * clip_tolerance} of the run's median trade premium) and the times between consecutive clips vary
   * by at most {@code max_gap_cv} (standard deviation over mean). Chance runs of unrelated traders
   * have assorted sizes and arrive at random (a coefficient of variation near 1).
   */
  boolean sliced(AccumulationRun run, int start, PatternSettings p) {
    int n = run.count - start;
    for (int k = 0; k < n; k++) {
      scratch[k] = run.premium(start + k);
    }
    Arrays.sort(scratch, 0, n);
    double median = n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
    double tolerance = p.accumulationClipTolerance() * median;
    int clips = 0;
    long prevTs = 0;
    double sum = 0;
    double sumSq = 0;
    for (int k = start; k < run.count; k++) {
      if (Math.abs(run.premium(k) - median) > tolerance) {
        continue;
      }
      if (clips > 0) {
        double gap = run.ts(k) - prevTs;
        sum += gap;
        sumSq += gap * gap;
      }
      prevTs = run.ts(k);
      clips++;
    }
    if (clips < p.accumulationMinClipShare() * n) {
      return false;
    }
    if (p.accumulationMaxGapCv() <= 0) {
      return true;
    }
    int gaps = clips - 1;
    if (gaps < 2 || sum <= 0) {
      return false;
    }
    double mean = sum / gaps;
    double variance = Math.max(0, sumSq / gaps - mean * mean);
    return Math.sqrt(variance) / mean <= p.accumulationMaxGapCv();
  }

  /**
   * The option's flow outside a run of {@code runContracts}, contracts per ns, both sides: the
   * highest of this session's rate since its first trade (over at least a minute), the router's
   * tally over the last {@code accumulation.within} (the open and the close trade faster than the
   * day's average), and the previous session's rate. Infinite (no run stands out) in the first 5
   * minutes of an option without a previous session.
   */
  private double expectedRate(OptionEvent e, AccumulationActivity act, long runContracts) {
    long elapsed = Math.max(MIN_ELAPSED_NS, e.tsEvent - act.firstTradeTs);
    if (act.priorRate == 0 && elapsed < MIN_RUN_NS) {
      // No earlier session and only minutes of this one: nothing says what is normal yet.
      return Double.POSITIVE_INFINITY;
    }
    double session = (double) Math.max(0, act.contracts - runContracts) / elapsed;
    // The tally covers the window, or less right after the option's first trade (the open).
    long tallied = Math.min(elapsed, settings.patternSettings().accumulationWithin().toNanos());
    // The run holds the side's every trade of the window, so the rest is the other side: twice
    // that is the option's two-sided flow.
    double recent = 2.0 * Math.max(0, e.recentBuy + e.recentSell - runContracts) / tallied;
    return Math.max(Math.max(session, recent), act.priorRate / 1e9);
  }

  /**
   * Whether a run of {@code contracts} over {@code duration} ns is at least {@code minVolumeRatio}
   * times one side's share of the option's other flow ({@code ratePerNs}, both sides), scaled to
   * the run's duration (at least 5 minutes).
   */
  static boolean standsOut(long contracts, long duration, double ratePerNs, PatternSettings p) {
    if (p.accumulationMinVolumeRatio() == 0) {
      return true;
    }
    double expected = Math.max(1.0, ratePerNs * Math.max(duration, MIN_RUN_NS) / 2);
    return contracts >= p.accumulationMinVolumeRatio() * expected;
  }

  /**
   * P(X >= own) for X ~ Binomial(own + others, 1/2): how likely balanced flow gives one side at
   * least {@code own} of the trades. Exact up to 1,000 trades, a normal approximation beyond.
   */
  static double pValue(int own, int others) {
    return pValue(own, others, 1);
  }

  /** {@link #pValue(int, int)}, or any value above {@code stopAbove} once the sum passes it. */
  static double pValue(int own, int others, double stopAbove) {
    int n = own + others;
    if (n > 1000) {
      double z = (own - 0.5 - n / 2.0) / Math.sqrt(n / 4.0);
      return 0.5 * erfc(z / Math.sqrt(2));
    }
    // C(n, k) / 2^n from k = n down, in logs to stay in range.
    double logHalfN = -n * Math.log(2);
    double logC = 0; // log C(n, n)
    double p = 0;
    for (int k = n; k >= own && p <= stopAbove; k--) {
      p += Math.exp(logC + logHalfN);
      logC += Math.log(k) - Math.log(n - k + 1); // C(n, k-1) = C(n, k) * k / (n - k + 1)
    }
    return Math.min(1, p);
  }

  /** Complementary error function (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
  private static double erfc(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
            * Math.exp(-x * x);
    return x >= 0 ? y : 2 - y;
  }

  /** Counts a trade (either side, any size) into the instrument's session activity. */
  private AccumulationActivity countActivity(OptionEvent e) throws Exception {
    AccumulationActivity act = activity.value();
    long session = clock.session(e.tsEvent);
    if (act == null || act.session != session) {
      AccumulationActivity next = new AccumulationActivity();
      if (act != null && act.lastTradeTs - act.firstTradeTs >= MIN_PRIOR_NS) {
        next.priorRate = act.contracts * 1e9 / (act.lastTradeTs - act.firstTradeTs);
      }
      act = next;
      act.session = session;
      act.firstTradeTs = e.tsEvent;
    }
    act.contracts += e.size;
    act.lastTradeTs = e.tsEvent;
    activity.update(act);
    return act;
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
