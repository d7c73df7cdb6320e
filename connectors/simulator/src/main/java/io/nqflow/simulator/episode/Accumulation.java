package io.nqflow.simulator.episode;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.simulator.LiveInstrument;
import java.util.List;

/** Repeated same-side aggression in one option over minutes. */
final class Accumulation extends AbstractEpisode {
  private int children;
  private double perChild;

  Accumulation(Session session, long duration) {
    super(session, "ACCUMULATION", true, duration);
  }

  @Override
  public boolean start() {
    List<LiveInstrument> c = nearCandidates(0.015, 60, true);
    if (c.isEmpty()) {
      return false;
    }
    boolean buy = rnd.nextDouble() < 0.7;
    LiveInstrument l = pick(c);
    legs.add(l);
    setSide(buy, l.instrument().isCall());
    children = 8 + rnd.nextInt(8);
    perChild = rnd.uniform(150_000, 300_000) / children;
    // At least the scale's multiple of the option's background flow: an accumulation that the
    // option's normal trading would hide is no signal (docs/simulator.md).
    double floor = session.accumulationFloorContracts(l.instrument(), duration);
    long ask = l.book().bestAsk();
    if (floor > 0 && ask > 0) {
      perChild = Math.max(perChild, floor / children * Prices.toDouble(ask) * Multipliers.NQ_USD);
    }
    child();
    return true;
  }

  private void child() {
    LiveInstrument l = legs.get(0);
    long px = sideChar() == 'B' ? l.book().bestAsk() : l.book().bestBid();
    if (px > 0) {
      int qty = Math.max(1, (int) Math.ceil(perChild / (Prices.toDouble(px) * Multipliers.NQ_USD)));
      count(session.aggress(l, sideChar(), qty, px, false));
    }
    if (--children > 0) {
      later((long) (duration / 12 * rnd.uniform(0.6, 1.4)), this::child);
    } else {
      finish();
    }
  }
}
