package io.nqflow.simulator.episode;

import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.Universe;
import java.util.List;

/** Decoy: both legs of a vertical spread traded at once. */
final class Spread extends AbstractEpisode {
  Spread(Session session, long duration) {
    super(session, "SPREAD", false, duration);
  }

  @Override
  public boolean start() {
    List<LiveInstrument> c = nearCandidates(0.012, 20, true);
    if (c.isEmpty()) {
      return false;
    }
    LiveInstrument a = pick(c);
    Instrument ai = a.instrument();
    double width = (2 + rnd.nextInt(3)) * Universe.NEAR_STEP;
    LiveInstrument b = null;
    for (LiveInstrument l : session.options()) {
      Instrument li = l.instrument();
      if (li.expirationNs() == ai.expirationNs()
          && li.instrumentClass() == ai.instrumentClass()
          && li.asset().equals(ai.asset())
          && li.strike() == ai.strike() + (ai.isCall() ? width : -width)
          && l.busyUntil() <= now()
          && l.book().bestBid() > 0) {
        b = l;
      }
    }
    if (b == null || a.book().bestAsk() <= 0) {
      return false;
    }
    legs.add(a);
    legs.add(b);
    int qty =
        Math.min(
            a.book().sizeAt('A', a.book().bestAsk()), b.book().sizeAt('B', b.book().bestBid()));
    session.begin();
    count(session.aggress(a, 'B', qty, a.book().bestAsk(), false));
    count(session.aggress(b, 'A', qty, b.book().bestBid(), false));
    session.commit();
    finish();
    return true;
  }
}
