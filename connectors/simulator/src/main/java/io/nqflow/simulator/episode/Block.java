package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.MS;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.simulator.LiveInstrument;
import java.util.List;

/** A large order printed against a facilitator's resting order, then follow-through. */
final class Block extends AbstractEpisode {
  private int followUps;

  Block(Session session, long duration) {
    super(session, "BLOCK", true, duration);
  }

  @Override
  public boolean start() {
    boolean buy = rnd.nextDouble() < 0.6;
    List<LiveInstrument> c = nearCandidates(0.015, 30, false);
    if (c.isEmpty()) {
      return false;
    }
    LiveInstrument l = pick(c);
    char opp = buy ? 'A' : 'B';
    long px = opp == 'A' ? l.book().bestAsk() : l.book().bestBid();
    if (px <= 0) {
      return false;
    }
    legs.add(l);
    setSide(buy, l.instrument().isCall());
    int qty =
        (int) Math.ceil(rnd.uniform(250_000, 800_000) / (Prices.toDouble(px) * Multipliers.NQ_USD));
    session.begin();
    session.addOrder(l, opp, px, qty, 3);
    session.commit();
    int all = l.book().sizeAt(opp, px);
    later(
        (1 + rnd.nextInt(40)) * MS,
        () -> {
          count(session.aggress(l, sideChar(), all, px, false));
          followUps = 2 + rnd.nextInt(4);
          later(duration / (followUps + 1), this::followThrough);
        });
    return true;
  }

  private void followThrough() {
    LiveInstrument l = legs.get(0);
    count(session.aggressTop(l, sideChar(), 5 + rnd.nextInt(16)));
    if (--followUps > 0) {
      later((long) (duration / 6 * rnd.uniform(0.5, 1.5)), this::followThrough);
    } else {
      finish();
    }
  }
}
