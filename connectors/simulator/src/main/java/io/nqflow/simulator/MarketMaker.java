package io.nqflow.simulator;

import static io.nqflow.simulator.SimTime.MS;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import java.util.List;

/**
 * The market makers: a ladder of {@code levels} orders each side of every instrument, around the
 * option's value on the smile (options) or the futures price (futures), kept behind any foreign
 * order at the touch, refilled after trades and re-priced when the value moves enough.
 */
final class MarketMaker {
  private final Scale scale;
  private final PricePath path;
  private final Exchange exchange;
  private final DbnEmitter out;
  private final Scheduler clock;
  private final SessionRandom rnd;
  private final List<LiveInstrument> options;
  private final RegimeModel regime;

  MarketMaker(
      Scale scale,
      PricePath path,
      Exchange exchange,
      DbnEmitter out,
      Scheduler clock,
      SessionRandom rnd,
      List<LiveInstrument> options,
      RegimeModel regime) {
    this.scale = scale;
    this.regime = regime;
    this.path = path;
    this.exchange = exchange;
    this.out = out;
    this.clock = clock;
    this.rnd = rnd;
    this.options = options;
  }

  /** Re-prices every option, then again every quote interval. */
  void quoteAll() {
    for (LiveInstrument l : options) {
      requoteOption(l, false);
    }
    clock.schedule(clock.now() + scale.quoteIntervalMs * MS, this::quoteAll);
  }

  void requoteOption(LiveInstrument l, boolean force) {
    int levels = scale.levels;
    double theo = path.theo(l.ins, clock.now());
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
    int ticks = regime.requoteTicks(clock.now(), scale.requoteTicks);
    boolean moved =
        l.lastBid0 == Long.MIN_VALUE
            || Math.abs(bid0 - l.lastBid0) >= ticks * tick
            || Math.abs(ask0 - l.lastAsk0) >= ticks * tick;
    if (!moved && !l.dirty && !force) {
      return;
    }
    double x = Math.abs(Math.log(l.ins.strike() / path.price()));
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

  void requoteFuture(LiveInstrument l, boolean force) {
    int levels = scale.levels + 2;
    long fp = Prices.fromDouble(path.price());
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
   * Marks the instrument for a refill and re-prices it after a short, random reaction time (once,
   * however many trades come before then).
   */
  void scheduleRefresh(LiveInstrument l) {
    l.dirty = true;
    if (!l.reconcilePending) {
      l.reconcilePending = true;
      clock.schedule(
          clock.now() + (20 + rnd.nextInt(280)) * MS,
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

  /**
   * Moves the market maker's orders to the target ladder in one event. The side moving away from
   * the other is changed first so the book is never crossed, even between records.
   */
  private void reconcile(
      LiveInstrument l, long[] bidPx, long[] askPx, int[] sizes, long bid0, long ask0) {
    boolean up = l.lastBid0 == Long.MIN_VALUE || bid0 + ask0 > l.lastBid0 + l.lastAsk0;
    l.lastBid0 = bid0;
    l.lastAsk0 = ask0;
    l.dirty = false;
    out.begin();
    if (up) {
      reconcileSide(l, 1, 'A', askPx, sizes);
      reconcileSide(l, 0, 'B', bidPx, sizes);
    } else {
      reconcileSide(l, 0, 'B', bidPx, sizes);
      reconcileSide(l, 1, 'A', askPx, sizes);
    }
    out.commit();
  }

  /**
   * Keeps orders already resting at a target price (so a one-tick shift moves one order, not the
   * whole ladder), moves the others to the missing prices, and adds or cancels the difference.
   */
  private void reconcileSide(LiveInstrument l, int s, char side, long[] px, int[] sizes) {
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
            exchange.modify(l, cur[i].id, side, px[t], sizes[t]);
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
        exchange.modify(l, o.id, side, px[t], sizes[t]);
        next[t] = o.id;
      } else {
        next[t] = exchange.add(l, side, px[t], sizes[t], 0);
      }
    }
    for (int i = 0; i < n; i++) {
      if (!used[i] && cur[i] != null) {
        exchange.cancel(l, cur[i], cur[i].size);
      }
    }
    System.arraycopy(next, 0, ids, 0, n);
  }
}
