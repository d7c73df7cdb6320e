package io.nqflow.simulator;

import static io.nqflow.dbn.Flags.F_LAST;
import static io.nqflow.simulator.Simulator.PUBLISHER_ID;

import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.market.Black76;
import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Simulates one session: the futures path, market makers quoting every option, background flow and
 * the labelled episodes, writing MBO and trades records in event-time order.
 */
final class SessionSimulator {
  static final double YEAR_NS = 365.25 * 86_400e9;
  static final double TRADING_SECONDS_PER_YEAR = 252 * 23_400.0;
  static final long MS = 1_000_000L;
  static final long SEC = 1_000_000_000L;
  static final double SKEW = -0.25;
  static final double SMILE = 1.5;
  static final double JUMPS_PER_SESSION = 2.0;

  static final String[] KINDS = {
    "SWEEP", "LADDER", "ICEBERG", "BLOCK", "ACCUMULATION", "MM_BURST", "SPREAD", "RETAIL_FRENZY"
  };

  /** Live state of one instrument during the session. */
  static final class Live {
    final Instrument ins;
    final OrderBook book = new OrderBook();
    final long[][] mm;
    long lastBid0 = Long.MIN_VALUE;
    long lastAsk0 = Long.MIN_VALUE;
    boolean dirty;
    boolean reconcilePending;
    long busyUntil;
    long volume;

    Live(Instrument ins, int levels) {
      this.ins = ins;
      this.mm = new long[2][levels];
    }
  }

  record Fill(int qty, double premiumUsd, int levels, long ts) {}

  private record Task(long time, long order, Runnable action) {}

  private final Scale scale;
  private final Universe universe;
  private final SplittableRandom rnd;
  private final LocalDate date;
  private final long open;
  private final long close;
  private final DbnEncoder mbo;
  private final DbnEncoder trades;
  private final List<Episode> truth;
  private final Map<Integer, Live> live = new HashMap<>();
  private final List<Live> options = new ArrayList<>();
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) ->
              a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
  private final List<EpisodeRun> active = new ArrayList<>();
  private long taskOrder;
  private long now;
  private double f;
  private double atmVol;
  private long lastTs;
  private long lastRecv;
  private long sequence;
  private long nextOrderId;
  private int episodeNo;
  private int skipped;
  private double[] tradeWeights;
  private long weightsAt = Long.MIN_VALUE;

  // The open event: records buffered until commit so F_LAST can be set on the last one.
  private int eventDepth;
  private long evTs;
  private long evRecv;
  private int evDelta;
  private final List<long[]> evRecs = new ArrayList<>();

  SessionSimulator(
      Scale scale,
      Universe universe,
      SplittableRandom rnd,
      LocalDate date,
      long open,
      long close,
      double f,
      double atmVol,
      long firstSequence,
      long firstOrderId,
      DbnEncoder mbo,
      DbnEncoder trades,
      List<Episode> truth) {
    this.scale = scale;
    this.universe = universe;
    this.rnd = rnd;
    this.date = date;
    this.open = open;
    this.close = close;
    this.f = f;
    this.atmVol = atmVol;
    this.sequence = firstSequence;
    this.nextOrderId = firstOrderId;
    this.mbo = mbo;
    this.trades = trades;
    this.truth = truth;
    this.lastTs = open;
    this.lastRecv = open;
    for (Instrument i : universe.all()) {
      Live l = new Live(i, i.isOption() ? scale.levels : scale.levels + 2);
      live.put(i.id(), l);
      if (i.isOption()) {
        options.add(l);
      }
    }
  }

  double price() {
    return f;
  }

  double atmVol() {
    return atmVol;
  }

  long sequence() {
    return sequence;
  }

  long nextOrderId() {
    return nextOrderId;
  }

  int skippedEpisodes() {
    return skipped;
  }

  Map<Integer, Live> live() {
    return live;
  }

  void run() {
    schedule(open, this::underlyingStep);
    schedule(open + MS, this::quoteAll);
    scheduleNextArrival(true);
    scheduleNextArrival(false);
    planEpisodes();
    while (!tasks.isEmpty()) {
      Task t = tasks.poll();
      if (t.time >= close) {
        break;
      }
      now = t.time;
      t.action.run();
    }
    for (EpisodeRun e : new ArrayList<>(active)) {
      e.finish();
    }
  }

  private void schedule(long at, Runnable r) {
    tasks.add(new Task(at, taskOrder++, r));
  }

  /** Intraday activity: high at the open and into the close (U shape), mean about 1. */
  double activity(long t) {
    double x = (t - open) / (double) (close - open);
    return 0.7 + 1.6 * Math.exp(-x / 0.08) + 1.0 * Math.exp(-(1 - x) / 0.08);
  }

  private static final double ACTIVITY_MAX = 3.4;

  // ---------------------------------------------------------------- underlying and quoting

  private void underlyingStep() {
    if (now > open) {
      double dt = scale.futureStepMs / 1000.0;
      double sd = atmVol * Math.sqrt(activity(now) * dt / TRADING_SECONDS_PER_YEAR);
      double ret = sd * gaussian();
      double jumpProb = JUMPS_PER_SESSION * dt / ((close - open) / (double) SEC);
      if (rnd.nextDouble() < jumpProb) {
        ret += 0.004 * gaussian();
        atmVol = Math.min(0.6, atmVol + 0.01);
      }
      atmVol =
          Math.max(0.10, Math.min(0.6, atmVol + 0.0005 * gaussian() + 0.00002 * (0.2 - atmVol)));
      f *= Math.exp(ret);
    }
    requoteFuture(live.get(universe.nq().id()), false);
    requoteFuture(live.get(universe.mnq().id()), false);
    schedule(now + scale.futureStepMs * MS, this::underlyingStep);
  }

  private void quoteAll() {
    for (Live l : options) {
      requoteOption(l, false);
    }
    schedule(now + scale.quoteIntervalMs * MS, this::quoteAll);
  }

  double theo(Instrument i, long t) {
    double years = Math.max((i.expirationNs() - t) / YEAR_NS, 1e-7);
    double x = Math.log(i.strike() / f);
    double vol = Math.max(0.05, Math.min(1.5, atmVol + SKEW * x + SMILE * x * x));
    return Black76.STANDARD.price(i.isCall(), f, i.strike(), years, vol);
  }

  private void requoteOption(Live l, boolean force) {
    int levels = scale.levels;
    double theo = theo(l.ins, now);
    double hs = Math.max(0.025, 0.004 * theo + 0.05);
    long bid0 = TickGrid.roundDown(Prices.fromDouble(theo - hs));
    long ask0 = TickGrid.roundUp(Prices.fromDouble(theo + hs));
    if (bid0 > 0 && ask0 <= bid0) {
      ask0 = TickGrid.up(bid0);
    }
    long fb = l.book.bestForeign('B');
    long fa = l.book.bestForeign('A');
    if (fb > 0) {
      bid0 = Math.min(bid0, TickGrid.down(fb));
      ask0 = Math.max(ask0, TickGrid.up(fb));
    }
    if (fa > 0) {
      ask0 = Math.max(ask0, TickGrid.up(fa));
      bid0 = Math.min(bid0, TickGrid.down(fa));
    }
    long tick = TickGrid.tickAt(Math.max(ask0, TickGrid.FINE_TICK));
    boolean moved =
        l.lastBid0 == Long.MIN_VALUE
            || Math.abs(bid0 - l.lastBid0) >= scale.requoteTicks * tick
            || Math.abs(ask0 - l.lastAsk0) >= scale.requoteTicks * tick;
    if (!moved && !l.dirty && !force) {
      return;
    }
    double x = Math.abs(Math.log(l.ins.strike() / f));
    int base = x < 0.01 ? 10 : x < 0.03 ? 6 : 3;
    if (l.ins.multiplier() == Multipliers.MNQ_USD) {
      base *= 4;
    }
    long[] bidPx = new long[levels];
    long[] askPx = new long[levels];
    int[] sizes = new int[levels];
    long b = bid0;
    long a = ask0;
    for (int i = 0; i < levels; i++) {
      bidPx[i] = b > 0 ? b : -1;
      askPx[i] = a;
      sizes[i] = base * (i + 1);
      b = b > 0 ? TickGrid.down(b) : -1;
      a = TickGrid.up(a);
    }
    reconcile(l, bidPx, askPx, sizes, bid0, ask0);
  }

  private void requoteFuture(Live l, boolean force) {
    int levels = scale.levels + 2;
    long fp = Prices.fromDouble(f);
    long bid0 = TickGrid.futuresRoundDown(fp);
    long ask0 = bid0 + TickGrid.FUTURES_TICK;
    long fb = l.book.bestForeign('B');
    long fa = l.book.bestForeign('A');
    if (fb > 0) {
      bid0 = Math.min(bid0, fb - TickGrid.FUTURES_TICK);
      ask0 = Math.max(ask0, fb + TickGrid.FUTURES_TICK);
    }
    if (fa > 0) {
      ask0 = Math.max(ask0, fa + TickGrid.FUTURES_TICK);
      bid0 = Math.min(bid0, fa - TickGrid.FUTURES_TICK);
    }
    if (!force && !l.dirty && bid0 == l.lastBid0 && ask0 == l.lastAsk0) {
      return;
    }
    int base = l.ins.multiplier() == Multipliers.MNQ_USD ? 12 : 4;
    long[] bidPx = new long[levels];
    long[] askPx = new long[levels];
    int[] sizes = new int[levels];
    for (int i = 0; i < levels; i++) {
      bidPx[i] = bid0 - i * TickGrid.FUTURES_TICK;
      askPx[i] = ask0 + i * TickGrid.FUTURES_TICK;
      sizes[i] = base * (i + 1);
    }
    reconcile(l, bidPx, askPx, sizes, bid0, ask0);
  }

  /**
   * Moves the market maker's orders to the target ladder in one event. The side moving away from
   * the other is changed first so the book is never crossed, even between records.
   */
  private void reconcile(Live l, long[] bidPx, long[] askPx, int[] sizes, long bid0, long ask0) {
    boolean up = l.lastBid0 == Long.MIN_VALUE || bid0 + ask0 > l.lastBid0 + l.lastAsk0;
    l.lastBid0 = bid0;
    l.lastAsk0 = ask0;
    l.dirty = false;
    begin();
    if (up) {
      reconcileSide(l, 1, 'A', askPx, sizes);
      reconcileSide(l, 0, 'B', bidPx, sizes);
    } else {
      reconcileSide(l, 0, 'B', bidPx, sizes);
      reconcileSide(l, 1, 'A', askPx, sizes);
    }
    commit();
  }

  /**
   * Keeps orders already resting at a target price (so a one-tick shift moves one order, not the
   * whole ladder), moves the others to the missing prices, and adds or cancels the difference.
   */
  private void reconcileSide(Live l, int s, char side, long[] px, int[] sizes) {
    long[] ids = l.mm[s];
    int n = px.length;
    OrderBook.Order[] cur = new OrderBook.Order[n];
    for (int i = 0; i < n; i++) {
      cur[i] = ids[i] != 0 ? l.book.get(ids[i]) : null;
    }
    long[] next = new long[n];
    boolean[] used = new boolean[n];
    boolean[] done = new boolean[n];
    for (int t = 0; t < n; t++) {
      if (px[t] <= 0) {
        done[t] = true;
        continue;
      }
      for (int i = 0; i < n; i++) {
        if (!used[i] && cur[i] != null && cur[i].price == px[t]) {
          used[i] = true;
          done[t] = true;
          next[t] = cur[i].id;
          if (cur[i].size < sizes[t]) {
            // Refill after fills: a size increase loses priority, as on Globex.
            l.book.modify(cur[i].id, px[t], sizes[t]);
            rec(l, cur[i].id, px[t], sizes[t], 'M', side);
          }
          break;
        }
      }
    }
    int spare = 0;
    for (int t = 0; t < n; t++) {
      if (done[t]) {
        continue;
      }
      while (spare < n && (used[spare] || cur[spare] == null)) {
        spare++;
      }
      if (spare < n) {
        used[spare] = true;
        OrderBook.Order o = cur[spare];
        l.book.modify(o.id, px[t], sizes[t]);
        rec(l, o.id, px[t], sizes[t], 'M', side);
        next[t] = o.id;
      } else {
        long nid = nextOrderId++;
        l.book.add(nid, side, px[t], sizes[t], 0);
        rec(l, nid, px[t], sizes[t], 'A', side);
        next[t] = nid;
      }
    }
    for (int i = 0; i < n; i++) {
      if (!used[i] && cur[i] != null) {
        cancelOrder(l, cur[i], cur[i].size);
      }
    }
    System.arraycopy(next, 0, ids, 0, n);
  }

  private void cancelOrder(Live l, OrderBook.Order o, int size) {
    l.book.cancel(o.id, size);
    rec(l, o.id, o.price, size, 'C', o.side);
  }

  private void scheduleRefresh(Live l) {
    l.dirty = true;
    if (!l.reconcilePending) {
      l.reconcilePending = true;
      schedule(
          now + (20 + rnd.nextInt(280)) * MS,
          () -> {
            l.reconcilePending = false;
            if (l.dirty) {
              if (l.ins.isOption()) {
                requoteOption(l, true);
              } else {
                requoteFuture(l, true);
              }
            }
          });
    }
  }

  // ---------------------------------------------------------------- background flow

  private void scheduleNextArrival(boolean option) {
    double rate = (option ? scale.optionTradesPerSec : scale.futureTradesPerSec) * ACTIVITY_MAX;
    long gap = (long) (-Math.log(1 - rnd.nextDouble()) / rate * SEC) + 1;
    schedule(now == 0 ? open + gap : now + gap, () -> arrival(option));
  }

  private void arrival(boolean option) {
    scheduleNextArrival(option);
    if (rnd.nextDouble() * ACTIVITY_MAX > activity(now)) {
      return; // thinning: the intraday shape
    }
    char side = rnd.nextBoolean() ? 'B' : 'A';
    if (!option) {
      Live l = live.get(rnd.nextInt(4) == 0 ? universe.mnq().id() : universe.nq().id());
      int qty = 1 + geometric(l.ins.multiplier() == Multipliers.MNQ_USD ? 0.15 : 0.4, 30);
      aggressTop(l, side, qty);
      return;
    }
    Live l = pickBackgroundOption();
    int qty = 1 + geometric(0.45, 12);
    aggressTop(l, side, qty);
  }

  private Live pickBackgroundOption() {
    if (now - weightsAt > 60 * SEC || tradeWeights == null) {
      tradeWeights = new double[options.size()];
      double acc = 0;
      for (int i = 0; i < options.size(); i++) {
        Instrument ins = options.get(i).ins;
        double x = Math.log(ins.strike() / f);
        double w = Math.exp(-0.5 * (x / 0.012) * (x / 0.012)) + 0.02;
        if (ins.expiryKind().equals("WEEKLY")) {
          w *= 1.5;
        }
        if (ins.multiplier() == Multipliers.MNQ_USD) {
          w *= 0.3;
        }
        acc += w;
        tradeWeights[i] = acc;
      }
      weightsAt = now;
    }
    double r = rnd.nextDouble() * tradeWeights[tradeWeights.length - 1];
    int lo = 0;
    int hi = tradeWeights.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tradeWeights[mid] < r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return options.get(lo);
  }

  /** An aggressive order limited to the best opposite price; no fill if that side is empty. */
  Fill aggressTop(Live l, char side, int qty) {
    long best = side == 'B' ? l.book.bestAsk() : l.book.bestBid();
    if (best < 0) {
      return new Fill(0, 0, 0, now);
    }
    return aggress(l, side, qty, best, false);
  }

  /**
   * One aggressive order matched in one event: a T record per price level (aggressor side), an F
   * per resting order filled, then a C per resting order reduced (T and F do not change the book).
   */
  Fill aggress(Live l, char side, int qty, long limit, boolean multiLevel) {
    char opp = side == 'B' ? 'A' : 'B';
    long aggressorId = nextOrderId++;
    int remaining = qty;
    int levels = 0;
    double premium = 0;
    List<long[]> fills = new ArrayList<>();
    begin();
    for (Map.Entry<Long, ArrayDeque<OrderBook.Order>> e : l.book.side(opp).entrySet()) {
      long p = e.getKey();
      if (remaining == 0 || (side == 'B' ? p > limit : p < limit) || (levels > 0 && !multiLevel)) {
        break;
      }
      int levelQty = 0;
      int firstFill = fills.size();
      for (OrderBook.Order o : e.getValue()) {
        int take = Math.min(o.size, remaining);
        fills.add(new long[] {o.id, p, take});
        remaining -= take;
        levelQty += take;
        if (remaining == 0) {
          break;
        }
      }
      rec(l, aggressorId, p, levelQty, 'T', side);
      for (int k = firstFill; k < fills.size(); k++) {
        rec(l, fills.get(k)[0], p, (int) fills.get(k)[2], 'F', opp);
      }
      premium += Prices.toDouble(p) * levelQty * l.ins.multiplier();
      levels++;
    }
    for (long[] x : fills) {
      cancelOrder(l, l.book.get(x[0]), (int) x[2]);
    }
    long ts = evTs;
    commit();
    int done = qty - remaining;
    if (done > 0) {
      l.volume += done;
      scheduleRefresh(l);
    }
    return new Fill(done, premium, levels, ts);
  }

  // ---------------------------------------------------------------- record emission

  private void begin() {
    if (eventDepth++ == 0) {
      evTs = Math.max(now, lastTs + 200 + rnd.nextInt(2_000));
      lastTs = evTs;
      evRecv = Math.max(lastRecv + 1, evTs + 3_000 + rnd.nextInt(40_000));
      lastRecv = evRecv;
      evDelta = 1_500 + rnd.nextInt(12_000);
      sequence++;
    }
  }

  private void rec(Live l, long orderId, long price, int size, char action, char side) {
    evRecs.add(new long[] {l.ins.id(), orderId, price, size, action, side});
  }

  private void commit() {
    if (--eventDepth > 0) {
      return;
    }
    int n = evRecs.size();
    int lastTrade = -1;
    for (int i = 0; i < n; i++) {
      if (evRecs.get(i)[4] == 'T') {
        lastTrade = i;
      }
    }
    try {
      for (int i = 0; i < n; i++) {
        long[] r = evRecs.get(i);
        boolean last = true;
        for (int j = i + 1; j < n; j++) {
          if (evRecs.get(j)[0] == r[0]) {
            last = false;
            break;
          }
        }
        char action = (char) r[4];
        char side = (char) r[5];
        if (mbo != null) {
          mbo.write(
              new MboMsg(
                  RecordHeader.of(RType.MBO, PUBLISHER_ID, r[0], evTs),
                  r[1],
                  r[2],
                  r[3],
                  last ? F_LAST : 0,
                  0,
                  action,
                  side,
                  evRecv,
                  evDelta,
                  sequence));
        }
        if (action == 'T') {
          trades.write(
              new TradeMsg(
                  RecordHeader.of(RType.MBP_0, PUBLISHER_ID, r[0], evTs),
                  r[2],
                  r[3],
                  'T',
                  side,
                  i == lastTrade ? F_LAST : 0,
                  0,
                  evRecv,
                  evDelta,
                  sequence));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    evRecs.clear();
  }

  // ---------------------------------------------------------------- helpers

  private double gaussian() {
    // Box-Muller on the seeded generator keeps the run reproducible.
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private int geometric(double p, int cap) {
    int k = 0;
    while (k < cap && rnd.nextDouble() > p) {
      k++;
    }
    return k;
  }

  private double uniform(double a, double b) {
    return a + (b - a) * rnd.nextDouble();
  }

  private double mid(Live l) {
    long b = l.book.bestBid();
    long a = l.book.bestAsk();
    if (b < 0 || a < 0) {
      return -1;
    }
    return Prices.toDouble(b + a) / 2;
  }

  private double distance(Instrument i) {
    return Math.abs(i.strike() / f - 1);
  }

  /** NQ options near the money, free of other episodes, with mid price at least minMid. */
  private List<Live> nearCandidates(double maxDist, double minMid, boolean longDatedOnly) {
    List<Live> out = new ArrayList<>();
    for (Live l : options) {
      Instrument i = l.ins;
      if (i.multiplier() != Multipliers.NQ_USD || distance(i) > maxDist || l.busyUntil > now) {
        continue;
      }
      if (longDatedOnly && i.expiryKind().equals("WEEKLY")) {
        continue;
      }
      double m = mid(l);
      if (m >= minMid) {
        out.add(l);
      }
    }
    return out;
  }

  /** Size needed on the opposite side to reach {@code premium} taking at least minLevels. */
  private int qtyFor(Live l, char side, double premiumUsd, int minLevels, int maxLevels) {
    char opp = side == 'B' ? 'A' : 'B';
    int qty = 0;
    int levels = 0;
    double acc = 0;
    for (Map.Entry<Long, ArrayDeque<OrderBook.Order>> e : l.book.side(opp).entrySet()) {
      if (levels >= maxLevels) {
        break;
      }
      int size = 0;
      for (OrderBook.Order o : e.getValue()) {
        size += o.size;
      }
      double px = Prices.toDouble(e.getKey()) * l.ins.multiplier();
      levels++;
      if (levels >= minLevels && acc + size * px >= premiumUsd) {
        return qty + Math.max(1, (int) Math.ceil((premiumUsd - acc) / px));
      }
      qty += size;
      acc += size * px;
    }
    return -1;
  }

  private long levelPrice(Live l, char opp, int index) {
    int k = 0;
    for (long p : l.book.side(opp).keySet()) {
      if (k++ == index) {
        return p;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- episodes

  private void planEpisodes() {
    long len = close - open;
    for (String kind : KINDS) {
      for (int n = 0; n < scale.episodesPerKind; n++) {
        long dur = nominalDuration(kind, len);
        long earliest = open + len / 10;
        long latest = Math.max(earliest + 1, close - dur - len / 20);
        long start = earliest + (long) (rnd.nextDouble() * (latest - earliest));
        EpisodeRun run = create(kind, dur);
        schedule(start, () -> tryStart(run, 0));
      }
    }
  }

  private long nominalDuration(String kind, long len) {
    long d =
        switch (kind) {
          case "SWEEP", "SPREAD" -> SEC;
          case "LADDER" -> 10 * SEC;
          case "ICEBERG" -> 120 * SEC;
          case "BLOCK" -> 90 * SEC;
          case "ACCUMULATION" -> 600 * SEC;
          case "MM_BURST" -> 40 * SEC;
          case "RETAIL_FRENZY" -> 300 * SEC;
          default -> throw new IllegalArgumentException("unknown episode kind " + kind);
        };
    return Math.max(SEC, Math.min(d, (long) (len * 0.3)));
  }

  private EpisodeRun create(String kind, long dur) {
    return switch (kind) {
      case "SWEEP" -> new Sweep(dur);
      case "LADDER" -> new Ladder(dur);
      case "ICEBERG" -> new Iceberg(dur);
      case "BLOCK" -> new Block(dur);
      case "ACCUMULATION" -> new Accumulation(dur);
      case "MM_BURST" -> new MmBurst(dur);
      case "SPREAD" -> new Spread(dur);
      case "RETAIL_FRENZY" -> new RetailFrenzy(dur);
      default -> throw new IllegalArgumentException("unknown episode kind " + kind);
    };
  }

  private void tryStart(EpisodeRun run, int attempt) {
    if (run.start()) {
      active.add(run);
      for (Live l : run.legs) {
        l.busyUntil = now + run.duration + 5 * SEC;
      }
    } else if (attempt < 5 && now + run.duration + 10 * SEC < close) {
      schedule(now + 5 * SEC, () -> tryStart(run, attempt + 1));
    } else {
      skipped++;
    }
  }

  /** A labelled episode in progress: picks its instruments at start, then acts on a schedule. */
  abstract class EpisodeRun {
    final String kind;
    final boolean expectSignal;
    final long duration;
    final List<Live> legs = new ArrayList<>();
    String side = "NONE";
    String direction = "NEUTRAL";
    long contracts;
    double premium;
    long tsStart = -1;
    long tsEnd = -1;
    boolean finished;

    EpisodeRun(String kind, boolean expectSignal, long duration) {
      this.kind = kind;
      this.expectSignal = expectSignal;
      this.duration = duration;
    }

    /** Picks instruments and schedules the first action; false if nothing suitable now. */
    abstract boolean start();

    void count(Fill x) {
      if (x.qty() == 0) {
        return;
      }
      contracts += x.qty();
      premium += x.premiumUsd();
      if (tsStart < 0) {
        tsStart = x.ts();
      }
      tsEnd = x.ts();
    }

    void mark(long ts) {
      if (tsStart < 0) {
        tsStart = ts;
      }
      tsEnd = Math.max(tsEnd, ts);
    }

    void later(long delay, Runnable r) {
      long at = now + delay;
      if (at >= close) {
        finish();
      } else {
        schedule(at, r);
      }
    }

    void finish() {
      if (finished) {
        return;
      }
      finished = true;
      active.remove(this);
      cleanup();
      for (Live l : legs) {
        l.busyUntil = Math.min(l.busyUntil, now);
      }
      if (contracts == 0) {
        skipped++;
        return;
      }
      episodeNo++;
      String id = String.format("%s-%02d-%s", date.toString().replace("-", ""), episodeNo, kind);
      List<Integer> ids = new ArrayList<>();
      List<String> syms = new ArrayList<>();
      for (Live l : legs) {
        ids.add(l.ins.id());
        syms.add(l.ins.rawSymbol());
      }
      truth.add(
          new Episode(
              id,
              kind,
              ids,
              syms,
              legs.get(0).ins.underlying().rawSymbol(),
              side,
              direction,
              contracts,
              Math.round(premium * 100) / 100.0,
              tsStart,
              tsEnd,
              expectSignal,
              date.toString()));
    }

    void cleanup() {}

    char sideChar() {
      return side.equals("BUY") ? 'B' : 'A';
    }

    void setSide(boolean buy, boolean call) {
      side = buy ? "BUY" : "SELL";
      direction = Episode.direction(call, buy);
    }

    <T> T pick(List<T> xs) {
      return xs.get(rnd.nextInt(xs.size()));
    }
  }

  /** One aggressive order through three or more price levels in one match event. */
  final class Sweep extends EpisodeRun {
    Sweep(long d) {
      super("SWEEP", true, d);
    }

    @Override
    boolean start() {
      boolean buy = rnd.nextDouble() < 0.7;
      char s = buy ? 'B' : 'A';
      double target = uniform(120_000, 400_000);
      List<Live> c = new ArrayList<>();
      for (Live l : nearCandidates(0.015, 20, false)) {
        if (qtyFor(l, s, target, 3, scale.levels) > 0) {
          c.add(l);
        }
      }
      if (c.isEmpty()) {
        return false;
      }
      Live l = pick(c);
      legs.add(l);
      setSide(buy, l.ins.isCall());
      int qty = qtyFor(l, s, target, 3, scale.levels);
      char opp = buy ? 'A' : 'B';
      long limit = levelPrice(l, opp, scale.levels - 1);
      count(aggress(l, s, qty, limit, true));
      finish();
      return true;
    }
  }

  /** Same-side aggression across adjacent strikes of one expiry within seconds. */
  final class Ladder extends EpisodeRun {
    Ladder(long d) {
      super("LADDER", true, d);
    }

    @Override
    boolean start() {
      boolean buy = rnd.nextDouble() < 0.65;
      char s = buy ? 'B' : 'A';
      List<Live> c = nearCandidates(0.012, 60, true);
      if (c.isEmpty()) {
        return false;
      }
      Live first = pick(c);
      int n = 3 + rnd.nextInt(2);
      int dir = first.ins.strike() < f ? 1 : -1;
      for (int k = 0; k < n; k++) {
        Live leg = find(first.ins, first.ins.strike() + dir * k * Universe.NEAR_STEP);
        if (leg == null || leg.busyUntil > now || mid(leg) < 20) {
          return false;
        }
        legs.add(leg);
      }
      setSide(buy, first.ins.isCall());
      long step = Math.max(MS * 200, duration / (n + 1));
      legAt(0, s, step);
      return true;
    }

    private void legAt(int k, char s, long step) {
      Live l = legs.get(k);
      int qty = qtyFor(l, s, uniform(110_000, 200_000), 1, 2);
      if (qty > 0) {
        char opp = s == 'B' ? 'A' : 'B';
        count(aggress(l, s, qty, levelPrice(l, opp, 1), true));
      }
      if (k + 1 < legs.size()) {
        later((long) (step * uniform(0.5, 1.0)), () -> legAt(k + 1, s, step));
      } else {
        finish();
      }
    }

    private Live find(Instrument like, double strike) {
      for (Live l : options) {
        Instrument i = l.ins;
        if (i.strike() == strike
            && i.instrumentClass() == like.instrumentClass()
            && i.expirationNs() == like.expirationNs()
            && i.asset().equals(like.asset())) {
          return l;
        }
      }
      return null;
    }
  }

  /** A resting order refilled at one price after every fill. */
  final class Iceberg extends EpisodeRun {
    private Live l;
    private long price;
    private long orderId;
    private int display;
    private int targetQty;

    Iceberg(long d) {
      super("ICEBERG", true, d);
    }

    @Override
    boolean start() {
      boolean buy = rnd.nextBoolean();
      List<Live> c = new ArrayList<>();
      for (Live x : nearCandidates(0.015, 40, true)) {
        long b = x.book.bestBid();
        long a = x.book.bestAsk();
        if (b > 0
            && a > 0
            && (buy ? TickGrid.up(b) : TickGrid.down(a)) < a
            && (buy ? TickGrid.up(b) : TickGrid.down(a)) > b) {
          c.add(x);
        }
      }
      if (c.isEmpty()) {
        return false;
      }
      l = pick(c);
      legs.add(l);
      setSide(buy, l.ins.isCall());
      price = buy ? TickGrid.up(l.book.bestBid()) : TickGrid.down(l.book.bestAsk());
      display = 5 + rnd.nextInt(11);
      targetQty =
          (int)
              Math.ceil(uniform(150_000, 350_000) / (Prices.toDouble(price) * Multipliers.NQ_USD));
      refill();
      l.busyUntil = close;
      later(SEC + (long) (rnd.nextDouble() * 3 * SEC), this::hit);
      return true;
    }

    private void refill() {
      begin();
      OrderBook.Order o = l.book.get(orderId);
      int want = Math.min(display, targetQty - (int) contracts);
      if (o == null) {
        orderId = nextOrderId++;
        l.book.add(orderId, sideChar(), price, want, 2);
        rec(l, orderId, price, want, 'A', sideChar());
      } else if (o.size != want) {
        l.book.modify(orderId, price, want);
        rec(l, orderId, price, want, 'M', sideChar());
      }
      mark(evTs);
      commit();
    }

    private void hit() {
      char aggressor = sideChar() == 'B' ? 'A' : 'B';
      OrderBook.Order o = l.book.get(orderId);
      int qty = o != null ? o.size : display;
      begin();
      count(aggress(l, aggressor, qty, price, false));
      if (contracts < targetQty) {
        refill();
      }
      commit();
      if (contracts >= targetQty || now + 3 * SEC > close) {
        finish();
      } else {
        long gap = Math.max(MS * 300, duration / Math.max(1, (targetQty / display)));
        later((long) (gap * uniform(0.5, 1.5)), this::hit);
      }
    }

    @Override
    void cleanup() {
      OrderBook.Order o = l == null ? null : l.book.get(orderId);
      if (o != null) {
        begin();
        cancelOrder(l, o, o.size);
        commit();
        scheduleRefresh(l);
      }
    }
  }

  /** A large order printed against a facilitator's resting order, then follow-through. */
  final class Block extends EpisodeRun {
    private int followUps;

    Block(long d) {
      super("BLOCK", true, d);
    }

    @Override
    boolean start() {
      boolean buy = rnd.nextDouble() < 0.6;
      List<Live> c = nearCandidates(0.015, 30, false);
      if (c.isEmpty()) {
        return false;
      }
      Live l = pick(c);
      char opp = buy ? 'A' : 'B';
      long px = opp == 'A' ? l.book.bestAsk() : l.book.bestBid();
      if (px <= 0) {
        return false;
      }
      legs.add(l);
      setSide(buy, l.ins.isCall());
      int qty =
          (int) Math.ceil(uniform(250_000, 800_000) / (Prices.toDouble(px) * Multipliers.NQ_USD));
      begin();
      long facilitator = nextOrderId++;
      l.book.add(facilitator, opp, px, qty, 3);
      rec(l, facilitator, px, qty, 'A', opp);
      commit();
      int all = l.book.sizeAt(opp, px);
      later(
          (1 + rnd.nextInt(40)) * MS,
          () -> {
            count(aggress(l, sideChar(), all, px, false));
            followUps = 2 + rnd.nextInt(4);
            later(duration / (followUps + 1), this::followThrough);
          });
      return true;
    }

    private void followThrough() {
      Live l = legs.get(0);
      count(aggressTop(l, sideChar(), 5 + rnd.nextInt(16)));
      if (--followUps > 0) {
        later((long) (duration / 6 * uniform(0.5, 1.5)), this::followThrough);
      } else {
        finish();
      }
    }
  }

  /** Repeated same-side aggression in one option over minutes. */
  final class Accumulation extends EpisodeRun {
    private int children;
    private double perChild;

    Accumulation(long d) {
      super("ACCUMULATION", true, d);
    }

    @Override
    boolean start() {
      List<Live> c = nearCandidates(0.015, 60, true);
      if (c.isEmpty()) {
        return false;
      }
      boolean buy = rnd.nextDouble() < 0.7;
      Live l = pick(c);
      legs.add(l);
      setSide(buy, l.ins.isCall());
      children = 8 + rnd.nextInt(8);
      perChild = uniform(150_000, 300_000) / children;
      child();
      return true;
    }

    private void child() {
      Live l = legs.get(0);
      long px = sideChar() == 'B' ? l.book.bestAsk() : l.book.bestBid();
      if (px > 0) {
        int qty =
            Math.max(1, (int) Math.ceil(perChild / (Prices.toDouble(px) * Multipliers.NQ_USD)));
        count(aggress(l, sideChar(), qty, px, false));
      }
      if (--children > 0) {
        later((long) (duration / 12 * uniform(0.6, 1.4)), this::child);
      } else {
        finish();
      }
    }
  }

  /** Decoy: two-sided market-maker activity, quote flicker and inventory-neutral trades. */
  final class MmBurst extends EpisodeRun {
    private int steps;
    private boolean nextBuy;
    private int pendingQty;

    MmBurst(long d) {
      super("MM_BURST", false, d);
    }

    @Override
    boolean start() {
      List<Live> c = nearCandidates(0.015, 10, false);
      if (c.isEmpty()) {
        return false;
      }
      legs.add(pick(c));
      steps = 30 + rnd.nextInt(30);
      nextBuy = rnd.nextBoolean();
      step();
      return true;
    }

    private void step() {
      Live l = legs.get(0);
      if (pendingQty == 0 && rnd.nextDouble() < 0.6) {
        // Quote flicker behind the best price: add and pull.
        char s = rnd.nextBoolean() ? 'B' : 'A';
        long best = s == 'B' ? l.book.bestBid() : l.book.bestAsk();
        if (best > 0) {
          long px = s == 'B' ? TickGrid.down(best) : TickGrid.up(best);
          if (px > 0) {
            long id = nextOrderId++;
            int size = 5 + rnd.nextInt(20);
            begin();
            l.book.add(id, s, px, size, 4);
            rec(l, id, px, size, 'A', s);
            mark(evTs);
            commit();
            later(
                (50 + rnd.nextInt(400)) * MS,
                () -> {
                  OrderBook.Order o = l.book.get(id);
                  if (o != null) {
                    begin();
                    cancelOrder(l, o, o.size);
                    mark(evTs);
                    commit();
                  }
                });
          }
        }
      } else {
        // Trades alternate sides with equal size so inventory returns to flat.
        int qty = pendingQty > 0 ? pendingQty : 3 + rnd.nextInt(10);
        Fill x = aggressTop(l, nextBuy ? 'B' : 'A', qty);
        count(x);
        pendingQty = pendingQty > 0 ? Math.max(0, pendingQty - x.qty()) : x.qty();
        if (pendingQty == 0 || x.qty() > 0) {
          nextBuy = !nextBuy;
        }
      }
      if (--steps > 0 || pendingQty > 0 && steps > -20) {
        later(Math.max(MS * 50, duration / 40), this::step);
      } else {
        finish();
      }
    }
  }

  /** Decoy: both legs of a vertical spread traded at once. */
  final class Spread extends EpisodeRun {
    Spread(long d) {
      super("SPREAD", false, d);
    }

    @Override
    boolean start() {
      List<Live> c = nearCandidates(0.012, 20, true);
      if (c.isEmpty()) {
        return false;
      }
      Live a = pick(c);
      double width = (2 + rnd.nextInt(3)) * Universe.NEAR_STEP;
      Live b = null;
      for (Live l : options) {
        if (l.ins.expirationNs() == a.ins.expirationNs()
            && l.ins.instrumentClass() == a.ins.instrumentClass()
            && l.ins.asset().equals(a.ins.asset())
            && l.ins.strike() == a.ins.strike() + (a.ins.isCall() ? width : -width)
            && l.busyUntil <= now
            && l.book.bestBid() > 0) {
          b = l;
        }
      }
      if (b == null || a.book.bestAsk() <= 0) {
        return false;
      }
      legs.add(a);
      legs.add(b);
      int qty =
          Math.min(a.book.sizeAt('A', a.book.bestAsk()), b.book.sizeAt('B', b.book.bestBid()));
      begin();
      count(aggress(a, 'B', qty, a.book.bestAsk(), false));
      count(aggress(b, 'A', qty, b.book.bestBid(), false));
      commit();
      finish();
      return true;
    }
  }

  /** Decoy: many small buys in a cheap far out-of-the-money option. */
  final class RetailFrenzy extends EpisodeRun {
    private long endAt;

    RetailFrenzy(long d) {
      super("RETAIL_FRENZY", false, d);
    }

    @Override
    boolean start() {
      // The cheapest out-of-the-money option at least 2% away: a lottery ticket.
      Live best = null;
      long bestAsk = Long.MAX_VALUE;
      for (Live l : options) {
        Instrument i = l.ins;
        boolean otm = i.isCall() ? i.strike() > f : i.strike() < f;
        long ask = l.book.bestAsk();
        if (i.multiplier() != Multipliers.NQ_USD
            || !otm
            || l.busyUntil > now
            || distance(i) < 0.02) {
          continue;
        }
        if (ask >= 2 * TickGrid.FINE_TICK && ask <= 20 * Prices.SCALE && ask < bestAsk) {
          best = l;
          bestAsk = ask;
        }
      }
      if (best == null) {
        return false;
      }
      legs.add(best);
      setSide(true, best.ins.isCall());
      endAt = now + duration;
      trade();
      return true;
    }

    private void trade() {
      count(aggressTop(legs.get(0), 'B', 1 + geometric(0.5, 4)));
      // Retail size: the frenzy stays far below the $100k premium floor of the detectors.
      if (now < endAt && premium < 40_000) {
        later(Math.max(MS * 100, (long) (duration / 150 * uniform(0.3, 1.7))), this::trade);
      } else {
        finish();
      }
    }
  }
}
