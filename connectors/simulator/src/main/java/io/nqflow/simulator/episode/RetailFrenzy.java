package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.MS;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;

/** Decoy: many small buys in a cheap far out-of-the-money option. */
final class RetailFrenzy extends AbstractEpisode {
  private long endAt;

  RetailFrenzy(Session session, long duration) {
    super(session, "RETAIL_FRENZY", false, duration);
  }

  @Override
  public boolean start() {
    // The cheapest out-of-the-money option at least 2% away: a lottery ticket.
    LiveInstrument best = null;
    long bestAsk = Long.MAX_VALUE;
    double f = session.price();
    for (LiveInstrument l : session.options()) {
      Instrument i = l.instrument();
      boolean otm = i.isCall() ? i.strike() > f : i.strike() < f;
      long ask = l.book().bestAsk();
      if (i.multiplier() != Multipliers.NQ_USD
          || !otm
          || l.busyUntil() > now()
          || distance(i) < 0.02) {
        continue;
      }
      if (ask >= 2 * TickGrid.FINE_TICK && ask <= 20 * Prices.SCALE && ask < bestAsk) {
        best = l;
        bestAsk = ask;
      }
    }
    if (best == null) {
      return false;
    }
    legs.add(best);
    setSide(true, best.instrument().isCall());
    endAt = now() + duration;
    trade();
    return true;
  }

  private void trade() {
    count(session.aggressTop(legs.get(0), 'B', 1 + rnd.geometric(0.5, 4)));
    // Retail size: the frenzy stays far below the $100k premium floor of the detectors.
    if (now() < endAt && premium < 40_000) {
      later(Math.max(MS * 100, (long) (duration / 150 * rnd.uniform(0.3, 1.7))), this::trade);
    } else {
      finish();
    }
  }
}
