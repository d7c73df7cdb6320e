package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.MS;
import static io.nqflow.simulator.SimTime.SEC;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.OrderBook;
import java.util.ArrayList;
import java.util.List;

/** A resting order refilled at one price after every fill. */
final class Iceberg extends AbstractEpisode {
  private LiveInstrument l;
  private long price;
  private long orderId;
  private int display;
  private int targetQty;

  Iceberg(Session session, long duration) {
    super(session, "ICEBERG", true, duration);
  }

  @Override
  public boolean start() {
    boolean buy = rnd.nextBoolean();
    List<LiveInstrument> c = new ArrayList<>();
    for (LiveInstrument x : nearCandidates(0.015, 40, true)) {
      long b = x.book().bestBid();
      long a = x.book().bestAsk();
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
    setSide(buy, l.instrument().isCall());
    price = buy ? TickGrid.up(l.book().bestBid()) : TickGrid.down(l.book().bestAsk());
    display = 5 + rnd.nextInt(11);
    targetQty =
        (int)
            Math.ceil(
                rnd.uniform(150_000, 350_000) / (Prices.toDouble(price) * Multipliers.NQ_USD));
    if (2 * display >= targetQty && !session.legacyEpisodes()) {
      // An order that shows all (or half) it holds hides little: an iceberg of an expensive option
      // (a few contracts for the premium) shows a third of it, so it is filled and refilled at
      // least twice. Only then is the draw changed, so every other iceberg keeps its bytes (and
      // the legacy run, which reproduces the older simulator, keeps all of them).
      display = Math.max(1, targetQty / 3);
    }
    refill();
    l.busyUntil(session.close());
    later(SEC + (long) (rnd.nextDouble() * 3 * SEC), this::hit);
    return true;
  }

  private void refill() {
    session.begin();
    OrderBook.Order o = l.book().get(orderId);
    int want = Math.min(display, targetQty - (int) contracts);
    if (o == null) {
      orderId = session.addOrder(l, sideChar(), price, want, 2);
    } else if (o.size != want) {
      session.modifyOrder(l, orderId, sideChar(), price, want);
    }
    mark(session.eventTs());
    session.commit();
  }

  private void hit() {
    char aggressor = sideChar() == 'B' ? 'A' : 'B';
    OrderBook.Order o = l.book().get(orderId);
    int qty = o != null ? o.size : display;
    session.begin();
    count(session.aggress(l, aggressor, qty, price, false));
    if (contracts < targetQty) {
      refill();
    }
    session.commit();
    if (contracts >= targetQty || now() + 3 * SEC > session.close()) {
      finish();
    } else {
      long gap = Math.max(MS * 300, duration / Math.max(1, (targetQty / display)));
      later((long) (gap * rnd.uniform(0.5, 1.5)), this::hit);
    }
  }

  @Override
  void cleanup() {
    OrderBook.Order o = l == null ? null : l.book().get(orderId);
    if (o != null) {
      session.begin();
      session.cancelOrder(l, o, o.size);
      session.commit();
      session.scheduleRefresh(l);
    }
  }
}
