package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.SEC;

import io.nqflow.simulator.Fill;
import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.Universe;
import java.util.List;

/**
 * Decoy: a vertical spread legged in. Leg 1 is one aggressive print at one level in K1; 0.3-3 s
 * later leg 2 takes the opposite side of the same contracts at K1 +- 50..100 points, same class and
 * expiry.
 */
final class LeggedSpread extends AbstractEpisode {
  private LiveInstrument first;
  private LiveInstrument second;
  private long staged1 = -1;
  private long staged2 = -1;
  private int want;

  LeggedSpread(Session session, long duration) {
    super(session, "LEGGED_SPREAD", false, duration);
  }

  @Override
  public boolean start() {
    List<LiveInstrument> c = nearCandidates(0.015, 20, false);
    if (c.isEmpty()) {
      return false;
    }
    boolean buy = rnd.nextBoolean();
    LiveInstrument a = pick(c);
    Instrument ai = a.instrument();
    double width = (2 + rnd.nextInt(3)) * Universe.NEAR_STEP * (rnd.nextBoolean() ? 1 : -1);
    LiveInstrument b = null;
    for (LiveInstrument l : session.options()) {
      Instrument li = l.instrument();
      if (li.expirationNs() == ai.expirationNs()
          && li.instrumentClass() == ai.instrumentClass()
          && li.asset().equals(ai.asset())
          && li.strike() == ai.strike() + width
          && l.busyUntil() <= now()
          && l.book().bestBid() > 0
          && l.book().bestAsk() > 0) {
        b = l;
      }
    }
    char resting1 = buy ? 'A' : 'B';
    want = contractsFor(a, resting1, rnd.uniform(105_000, 250_000));
    if (b == null || want <= 0) {
      return false;
    }
    first = a;
    second = b;
    legs.add(a);
    legs.add(b);
    side = buy ? "BUY" : "SELL";
    // A vertical is bullish when it is long the lower call or short the lower put.
    boolean longLower = buy == (ai.strike() < b.instrument().strike());
    direction = ai.isCall() == longLower ? "BULLISH" : "BEARISH";
    staged1 = stage(a, resting1, want);
    // Leg 2 trades the other way: its liquidity rests on leg 1's side.
    staged2 = stage(b, buy ? 'B' : 'A', want);
    later((long) (duration * rnd.uniform(0.3, 0.7)), this::legOne);
    return true;
  }

  private void legOne() {
    Fill x = printOneLevel(first, sideChar(), want);
    count(x);
    if (x.qty() == 0) {
      finish();
      return;
    }
    later((long) (rnd.uniform(0.3, 3.0) * SEC), () -> legTwo(x.qty()));
  }

  private void legTwo(int contracts) {
    char s = sideChar() == 'B' ? 'A' : 'B';
    char opp = sideChar();
    long limit = levelPrice(second, opp, second.book().levels(opp).size() - 1);
    if (limit > 0) {
      count(session.aggress(second, s, contracts, limit, true));
    }
    finish();
  }

  @Override
  void cleanup() {
    unstage(first, staged1);
    unstage(second, staged2);
  }
}
