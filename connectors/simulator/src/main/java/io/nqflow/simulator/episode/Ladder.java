package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.MS;

import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.Universe;
import java.util.List;

/** Same-side aggression across adjacent strikes of one expiry within seconds. */
final class Ladder extends AbstractEpisode {
  Ladder(Session session, long duration) {
    super(session, "LADDER", true, duration);
  }

  @Override
  public boolean start() {
    boolean buy = rnd.nextDouble() < 0.65;
    char s = buy ? 'B' : 'A';
    List<LiveInstrument> c = nearCandidates(0.012, 60, true);
    if (c.isEmpty()) {
      return false;
    }
    LiveInstrument first = pick(c);
    int n = 3 + rnd.nextInt(2);
    Instrument like = first.instrument();
    int dir = like.strike() < session.price() ? 1 : -1;
    for (int k = 0; k < n; k++) {
      LiveInstrument leg = find(like, like.strike() + dir * k * Universe.NEAR_STEP);
      if (leg == null || leg.busyUntil() > now() || mid(leg) < 20) {
        return false;
      }
      legs.add(leg);
    }
    setSide(buy, like.isCall());
    long step = Math.max(MS * 200, duration / (n + 1));
    legAt(0, s, step);
    return true;
  }

  private void legAt(int k, char s, long step) {
    LiveInstrument l = legs.get(k);
    int qty = qtyFor(l, s, rnd.uniform(110_000, 200_000), 1, 2);
    if (qty > 0) {
      char opp = s == 'B' ? 'A' : 'B';
      count(session.aggress(l, s, qty, levelPrice(l, opp, 1), true));
    }
    if (k + 1 < legs.size()) {
      later((long) (step * rnd.uniform(0.5, 1.0)), () -> legAt(k + 1, s, step));
    } else {
      finish();
    }
  }

  private LiveInstrument find(Instrument like, double strike) {
    for (LiveInstrument l : session.options()) {
      Instrument i = l.instrument();
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
