package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.MS;

import io.nqflow.market.TickGrid;
import io.nqflow.simulator.Fill;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.OrderBook;
import java.util.List;

/** Decoy: two-sided market-maker activity, quote flicker and inventory-neutral trades. */
final class MmBurst extends AbstractEpisode {
  private int steps;
  private boolean nextBuy;
  private int pendingQty;

  MmBurst(Session session, long duration) {
    super(session, "MM_BURST", false, duration);
  }

  @Override
  public boolean start() {
    List<LiveInstrument> c = nearCandidates(0.015, 10, false);
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
    LiveInstrument l = legs.get(0);
    if (pendingQty == 0 && rnd.nextDouble() < 0.6) {
      // Quote flicker behind the best price: add and pull.
      char s = rnd.nextBoolean() ? 'B' : 'A';
      long best = s == 'B' ? l.book().bestBid() : l.book().bestAsk();
      if (best > 0) {
        long px = s == 'B' ? TickGrid.down(best) : TickGrid.up(best);
        if (px > 0) {
          int size = 5 + rnd.nextInt(20);
          session.begin();
          long id = session.addOrder(l, s, px, size, 4);
          mark(session.eventTs());
          session.commit();
          later(
              (50 + rnd.nextInt(400)) * MS,
              () -> {
                OrderBook.Order o = l.book().get(id);
                if (o != null) {
                  session.begin();
                  session.cancelOrder(l, o, o.size);
                  mark(session.eventTs());
                  session.commit();
                }
              });
        }
      }
    } else {
      // Trades alternate sides with equal size so inventory returns to flat.
      int qty = pendingQty > 0 ? pendingQty : 3 + rnd.nextInt(10);
      Fill x = session.aggressTop(l, nextBuy ? 'B' : 'A', qty);
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
