package io.nqflow.simulator.episode;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.simulator.Episode;
import io.nqflow.simulator.Fill;
import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.OrderBook;
import io.nqflow.simulator.SessionRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every episode keeps: its side, contracts, premium and first and last record times for the
 * truth file, and the market queries episodes choose their instruments with.
 */
abstract class AbstractEpisode implements EpisodeRun {
  final Session session;
  final SessionRandom rnd;
  final String kind;
  final boolean expectSignal;
  final long duration;
  final List<LiveInstrument> legs = new ArrayList<>();
  String side = "NONE";
  String direction = "NEUTRAL";
  long contracts;
  double premium;
  long tsStart = -1;
  long tsEnd = -1;
  boolean finished;

  AbstractEpisode(Session session, String kind, boolean expectSignal, long duration) {
    this.session = session;
    this.rnd = session.random();
    this.kind = kind;
    this.expectSignal = expectSignal;
    this.duration = duration;
  }

  @Override
  public long duration() {
    return duration;
  }

  @Override
  public List<LiveInstrument> legs() {
    return legs;
  }

  long now() {
    return session.now();
  }

  /** Counts a fill of the episode's own orders. */
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

  /** Counts a record of the episode that is not a fill (resting orders, cancels). */
  void mark(long ts) {
    if (tsStart < 0) {
      tsStart = ts;
    }
    tsEnd = Math.max(tsEnd, ts);
  }

  /** Runs {@code r} after {@code delay} ns, or finishes the episode if that is past the close. */
  void later(long delay, Runnable r) {
    long at = now() + delay;
    if (at >= session.close()) {
      finish();
    } else {
      session.schedule(at, r);
    }
  }

  @Override
  public final void finish() {
    if (finished) {
      return;
    }
    finished = true;
    session.retire(this);
    cleanup();
    for (LiveInstrument l : legs) {
      l.busyUntil(Math.min(l.busyUntil(), now()));
    }
    if (contracts == 0) {
      session.skip();
      return;
    }
    String id = session.nextEpisodeId(kind);
    List<Integer> ids = new ArrayList<>();
    List<String> syms = new ArrayList<>();
    for (LiveInstrument l : legs) {
      ids.add(l.instrument().id());
      syms.add(l.instrument().rawSymbol());
    }
    session.addTruth(
        new Episode(
            id,
            kind,
            ids,
            syms,
            legs.get(0).instrument().underlying().rawSymbol(),
            side,
            direction,
            contracts,
            Math.round(premium * 100) / 100.0,
            tsStart,
            tsEnd,
            expectSignal,
            session.day(),
            session.regime()));
  }

  /** Removes what the episode left resting; runs once, when it finishes. */
  void cleanup() {}

  char sideChar() {
    return side.equals("BUY") ? 'B' : 'A';
  }

  void setSide(boolean buy, boolean call) {
    side = buy ? "BUY" : "SELL";
    direction = Episode.direction(call, buy);
  }

  <T> T pick(List<T> xs) {
    return rnd.pick(xs);
  }

  static double mid(LiveInstrument l) {
    long b = l.book().bestBid();
    long a = l.book().bestAsk();
    if (b < 0 || a < 0) {
      return -1;
    }
    return Prices.toDouble(b + a) / 2;
  }

  /** Relative distance of the strike from the futures price. */
  double distance(Instrument i) {
    return Math.abs(i.strike() / session.price() - 1);
  }

  /** NQ options near the money, free of other episodes, with mid price at least minMid. */
  List<LiveInstrument> nearCandidates(double maxDist, double minMid, boolean longDatedOnly) {
    // On an expiration day half the episodes trade the options expiring today, if any suit.
    if (session.zeroDte() && rnd.nextBoolean()) {
      List<LiveInstrument> zeroDte = candidates(maxDist, minMid, false, true);
      if (!zeroDte.isEmpty()) {
        return zeroDte;
      }
    }
    return candidates(maxDist, minMid, longDatedOnly, false);
  }

  private List<LiveInstrument> candidates(
      double maxDist, double minMid, boolean longDatedOnly, boolean zeroDteOnly) {
    List<LiveInstrument> out = new ArrayList<>();
    for (LiveInstrument l : session.options()) {
      Instrument i = l.instrument();
      if (i.multiplier() != Multipliers.NQ_USD || distance(i) > maxDist || l.busyUntil() > now()) {
        continue;
      }
      if (longDatedOnly && i.expiryKind().equals("WEEKLY")) {
        continue;
      }
      if (zeroDteOnly && !session.expiresToday(i)) {
        continue;
      }
      double m = mid(l);
      if (m >= minMid) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * Size needed on the opposite side to reach {@code premiumUsd} taking at least minLevels, or -1
   * when maxLevels do not hold that much.
   */
  static int qtyFor(LiveInstrument l, char side, double premiumUsd, int minLevels, int maxLevels) {
    char opp = side == 'B' ? 'A' : 'B';
    int qty = 0;
    int levels = 0;
    double acc = 0;
    for (Map.Entry<Long, ArrayDeque<OrderBook.Order>> e : l.book().levels(opp).entrySet()) {
      if (levels >= maxLevels) {
        break;
      }
      int size = 0;
      for (OrderBook.Order o : e.getValue()) {
        size += o.size;
      }
      double px = Prices.toDouble(e.getKey()) * l.instrument().multiplier();
      levels++;
      if (levels >= minLevels && acc + size * px >= premiumUsd) {
        return qty + Math.max(1, (int) Math.ceil((premiumUsd - acc) / px));
      }
      qty += size;
      acc += size * px;
    }
    return -1;
  }

  /**
   * Rests another participant's order of {@code contracts} at the best {@code restingSide} price,
   * the liquidity a later one-level print takes (the makers step behind it); returns its id, or -1
   * when that side is empty.
   */
  long stage(LiveInstrument l, char restingSide, int contracts) {
    long px = restingSide == 'A' ? l.book().bestAsk() : l.book().bestBid();
    if (px <= 0) {
      return -1;
    }
    session.begin();
    long id = session.addOrder(l, restingSide, px, contracts, 5);
    session.commit();
    return id;
  }

  /** Cancels what is left of a staged order and lets the maker re-price the instrument. */
  void unstage(LiveInstrument l, long id) {
    OrderBook.Order o = l == null || id <= 0 ? null : l.book().get(id);
    if (o != null) {
      session.begin();
      session.cancelOrder(l, o, o.size);
      session.commit();
      session.scheduleRefresh(l);
    }
  }

  /**
   * One aggressive order at the best opposite price only, for at most {@code want} contracts (what
   * that level holds).
   */
  Fill printOneLevel(LiveInstrument l, char side, int want) {
    char opp = side == 'B' ? 'A' : 'B';
    long px = opp == 'A' ? l.book().bestAsk() : l.book().bestBid();
    if (px <= 0) {
      return new Fill(0, 0, 0, now());
    }
    int qty = Math.min(want, l.book().sizeAt(opp, px));
    return session.aggress(l, side, qty, px, false);
  }

  /**
   * Contracts of {@code l} worth {@code premiumUsd} at its best {@code restingSide} price, or -1.
   */
  static int contractsFor(LiveInstrument l, char restingSide, double premiumUsd) {
    long px = restingSide == 'A' ? l.book().bestAsk() : l.book().bestBid();
    if (px <= 0) {
      return -1;
    }
    return (int) Math.ceil(premiumUsd / (Prices.toDouble(px) * l.instrument().multiplier()));
  }

  /** The price of the {@code index}-th level (0 = best) of one side, or -1. */
  static long levelPrice(LiveInstrument l, char side, int index) {
    int k = 0;
    for (long p : l.book().levels(side).keySet()) {
      if (k++ == index) {
        return p;
      }
    }
    return -1;
  }
}
