package io.nqflow.simulator;

import static io.nqflow.simulator.SimTime.MS;
import static io.nqflow.simulator.SimTime.SEC;

import io.nqflow.dbn.DbnEncoder;
import io.nqflow.market.CmeCalendar;
import io.nqflow.simulator.episode.EpisodeKinds;
import io.nqflow.simulator.episode.EpisodeRun;
import io.nqflow.simulator.episode.Session;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Simulates one session: the futures path ({@link PricePath}), market makers quoting every
 * instrument ({@link MarketMaker}), background flow ({@link BackgroundFlow}) and the labelled
 * episodes (package {@code episode}), matched by the {@link Exchange} and written as MBO and trades
 * records in event-time order ({@link DbnEmitter}). Everything draws from one seeded random stream
 * in event order, so a seed always gives the same bytes.
 */
final class SessionSimulator implements Session {
  private final Scale scale;
  private final SessionRandom rnd;
  private final LocalDate date;
  private final long open;
  private final long close;
  private final List<Episode> truth;
  private final List<LiveInstrument> options = new ArrayList<>();
  private final List<EpisodeRun> active = new ArrayList<>();
  private final LiveInstrument nq;
  private final LiveInstrument mnq;
  private final Scheduler clock = new Scheduler();
  private final PricePath path;
  private final DbnEmitter out;
  private final Exchange exchange;
  private final MarketMaker maker;
  private final BackgroundFlow flow;
  private final RegimeModel regime;
  private final boolean extendedDecoys;
  private final Map<Integer, Long> openInterest;
  private final Map<String, Long> closed = new TreeMap<>();
  private int episodeNo;
  private int skipped;

  SessionSimulator(
      Scale scale,
      Universe universe,
      SplittableRandom random,
      LocalDate date,
      long open,
      long close,
      double f,
      double atmVol,
      long firstSequence,
      long firstOrderId,
      DbnEncoder mbo,
      DbnEncoder trades,
      List<Episode> truth,
      RegimeModel regime,
      boolean extendedDecoys,
      Map<Integer, Long> openInterest) {
    this.scale = scale;
    this.rnd = new SessionRandom(random);
    this.regime = regime;
    this.extendedDecoys = extendedDecoys;
    this.openInterest = openInterest;
    this.date = date;
    this.open = open;
    this.close = close;
    this.truth = truth;
    Map<Integer, LiveInstrument> live = new HashMap<>();
    for (Instrument i : universe.all()) {
      LiveInstrument l = new LiveInstrument(i, i.isOption() ? scale.levels : scale.levels + 2);
      live.put(i.id(), l);
      if (i.isOption()) {
        options.add(l);
      }
    }
    this.nq = live.get(universe.nq().id());
    this.mnq = live.get(universe.mnq().id());
    this.path = new PricePath(open, close, scale.futureStepMs, rnd, f, atmVol, regime);
    this.out = new DbnEmitter(clock, rnd, open, firstSequence, mbo, trades);
    this.exchange = new Exchange(clock, out, firstOrderId, this::scheduleRefresh);
    this.maker = new MarketMaker(scale, path, exchange, out, clock, rnd, options, regime);
    this.flow =
        new BackgroundFlow(
            scale,
            path,
            exchange,
            clock,
            rnd,
            open,
            nq,
            mnq,
            options,
            regime,
            CmeCalendar.expiryNs(date));
  }

  /** The futures price at the end of the session, index points. */
  double closePrice() {
    return path.price();
  }

  double atmVol() {
    return path.atmVol();
  }

  long sequence() {
    return out.sequence();
  }

  long nextOrderId() {
    return exchange.nextOrderId();
  }

  int skippedEpisodes() {
    return skipped;
  }

  /** Contracts of open interest closed today per raw symbol (CLOSING_PRINT decoys). */
  Map<String, Long> closedPositions() {
    return closed;
  }

  /** The event time of the news jump, -1 if none happened. */
  long newsJumpAt() {
    return regime.newsDoneAt();
  }

  void run() {
    clock.schedule(open, this::underlyingStep);
    clock.schedule(open + MS, maker::quoteAll);
    flow.start();
    planEpisodes();
    clock.runUntil(close);
    for (EpisodeRun e : new ArrayList<>(active)) {
      e.finish();
    }
  }

  private void underlyingStep() {
    path.step(clock.now());
    maker.requoteFuture(nq, false);
    maker.requoteFuture(mnq, false);
    clock.schedule(clock.now() + scale.futureStepMs * MS, this::underlyingStep);
  }

  private void planEpisodes() {
    long len = close - open;
    for (String kind : EpisodeKinds.kinds(extendedDecoys)) {
      for (int n = 0; n < scale.episodesPerKind; n++) {
        long dur = EpisodeKinds.nominalDuration(kind, len);
        long earliest = open + len / 10;
        long latest = Math.max(earliest + 1, close - dur - len / 20);
        long start = earliest + (long) (rnd.nextDouble() * (latest - earliest));
        EpisodeRun run = EpisodeKinds.create(kind, dur, this);
        clock.schedule(start, () -> tryStart(run, 0));
      }
    }
  }

  /** Starts an episode, retrying every five seconds (five times) while nothing suits it. */
  private void tryStart(EpisodeRun run, int attempt) {
    long now = clock.now();
    if (run.start()) {
      active.add(run);
      for (LiveInstrument l : run.legs()) {
        l.busyUntil = now + run.duration() + 5 * SEC;
      }
    } else if (attempt < 5 && now + run.duration() + 10 * SEC < close) {
      clock.schedule(now + 5 * SEC, () -> tryStart(run, attempt + 1));
    } else {
      skipped++;
    }
  }

  // ---------------------------------------------------------------- what episodes see and do

  @Override
  public long now() {
    return clock.now();
  }

  @Override
  public boolean legacyEpisodes() {
    return !extendedDecoys;
  }

  @Override
  public long close() {
    return close;
  }

  @Override
  public double price() {
    return path.price();
  }

  @Override
  public SessionRandom random() {
    return rnd;
  }

  @Override
  public int levels() {
    return scale.levels;
  }

  @Override
  public List<LiveInstrument> options() {
    return options;
  }

  @Override
  public void schedule(long at, Runnable action) {
    clock.schedule(at, action);
  }

  @Override
  public void begin() {
    out.begin();
  }

  @Override
  public void commit() {
    out.commit();
  }

  @Override
  public long eventTs() {
    return out.eventTs();
  }

  @Override
  public long addOrder(LiveInstrument l, char side, long price, int size, int owner) {
    return exchange.add(l, side, price, size, owner);
  }

  @Override
  public void modifyOrder(LiveInstrument l, long id, char side, long price, int size) {
    exchange.modify(l, id, side, price, size);
  }

  @Override
  public void cancelOrder(LiveInstrument l, OrderBook.Order o, int size) {
    exchange.cancel(l, o, size);
  }

  @Override
  public Fill aggress(LiveInstrument l, char side, int qty, long limit, boolean multiLevel) {
    return exchange.aggress(l, side, qty, limit, multiLevel);
  }

  @Override
  public Fill aggressTop(LiveInstrument l, char side, int qty) {
    return exchange.aggressTop(l, side, qty);
  }

  @Override
  public void scheduleRefresh(LiveInstrument l) {
    maker.scheduleRefresh(l);
  }

  @Override
  public void retire(EpisodeRun run) {
    active.remove(run);
  }

  @Override
  public void skip() {
    skipped++;
  }

  @Override
  public String nextEpisodeId(String kind) {
    episodeNo++;
    return String.format("%s-%02d-%s", date.toString().replace("-", ""), episodeNo, kind);
  }

  @Override
  public void addTruth(Episode episode) {
    truth.add(episode);
  }

  @Override
  public String day() {
    return date.toString();
  }

  @Override
  public String regime() {
    return regime.regime.label();
  }

  @Override
  public boolean zeroDte() {
    return regime.zeroDte();
  }

  @Override
  public boolean expiresToday(Instrument i) {
    return i.expirationNs() == CmeCalendar.expiryNs(date);
  }

  @Override
  public LiveInstrument future() {
    return nq;
  }

  @Override
  public double delta(Instrument i) {
    return path.delta(i, clock.now());
  }

  @Override
  public long openInterest(Instrument i) {
    return openInterest.getOrDefault(i.id(), 0L);
  }

  @Override
  public void closedPosition(Instrument i, long contracts) {
    closed.merge(i.rawSymbol(), contracts, Long::sum);
  }

  @Override
  public double accumulationFloorContracts(Instrument i, long durationNs) {
    if (scale.accumulationFlowMultiple == 0) {
      return 0;
    }
    return scale.accumulationFlowMultiple * flow.expectedContracts(i, clock.now(), durationNs);
  }
}
