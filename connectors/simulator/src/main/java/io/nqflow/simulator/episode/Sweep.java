package io.nqflow.simulator.episode;

import io.nqflow.simulator.LiveInstrument;
import java.util.ArrayList;
import java.util.List;

/** One aggressive order through three or more price levels in one match event. */
final class Sweep extends AbstractEpisode {
  Sweep(Session session, long duration) {
    super(session, "SWEEP", true, duration);
  }

  @Override
  public boolean start() {
    boolean buy = rnd.nextDouble() < 0.7;
    char s = buy ? 'B' : 'A';
    double target = rnd.uniform(120_000, 400_000);
    List<LiveInstrument> c = new ArrayList<>();
    for (LiveInstrument l : nearCandidates(0.015, 20, false)) {
      if (qtyFor(l, s, target, 3, session.levels()) > 0) {
        c.add(l);
      }
    }
    if (c.isEmpty()) {
      return false;
    }
    LiveInstrument l = pick(c);
    legs.add(l);
    setSide(buy, l.instrument().isCall());
    int qty = qtyFor(l, s, target, 3, session.levels());
    char opp = buy ? 'A' : 'B';
    long limit = levelPrice(l, opp, session.levels() - 1);
    count(session.aggress(l, s, qty, limit, true));
    finish();
    return true;
  }
}
