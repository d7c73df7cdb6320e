package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.SEC;

import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoy: retail buying at a round strike near the money. 25-60 buys of 1-4 lots in one option whose
 * strike is a multiple of 250 within 2%, over 3-15 minutes, $100k-200k in total: it passes premium
 * and strike filters, its tell is the lot size.
 */
final class RetailCluster extends AbstractEpisode {
  static final int MIN_TRADES = 25;
  static final int MAX_TRADES = 60;

  private double target;
  private int trades;
  private int done;
  private long gap;

  RetailCluster(Session session, long duration) {
    super(session, "RETAIL_CLUSTER", false, duration);
  }

  @Override
  public boolean start() {
    target = rnd.uniform(110_000, 190_000);
    List<LiveInstrument> c = new ArrayList<>();
    for (LiveInstrument l : session.options()) {
      Instrument i = l.instrument();
      if (i.multiplier() == Multipliers.NQ_USD
          && i.strike() % 250 == 0
          && distance(i) <= 0.02
          && l.busyUntil() <= now()
          && lowTrades(l) <= highTrades(l)) {
        c.add(l);
      }
    }
    if (c.isEmpty()) {
      return false;
    }
    LiveInstrument l = pick(c);
    legs.add(l);
    setSide(true, l.instrument().isCall());
    int lo = lowTrades(l);
    trades = lo + rnd.nextInt(highTrades(l) - lo + 1);
    long span = Math.min((long) (rnd.uniform(180, 900) * SEC), (long) (duration * 0.95));
    gap = Math.max(1, span / trades);
    trade();
    return true;
  }

  /** Fewest trades that reach the target at 3.5 lots on average (at least 25). */
  private int lowTrades(LiveInstrument l) {
    double perLot = askUsd(l);
    return perLot <= 0
        ? Integer.MAX_VALUE
        : Math.max(MIN_TRADES, (int) Math.ceil(target / (3.5 * perLot)));
  }

  /** Most trades that reach the target at 1.5 lots on average (at most 60). */
  private int highTrades(LiveInstrument l) {
    double perLot = askUsd(l);
    return perLot <= 0 ? -1 : Math.min(MAX_TRADES, (int) Math.floor(target / (1.5 * perLot)));
  }

  private static double askUsd(LiveInstrument l) {
    long a = l.book().bestAsk();
    return a <= 0 ? -1 : Prices.toDouble(a) * l.instrument().multiplier();
  }

  private void trade() {
    LiveInstrument l = legs.get(0);
    double perLot = askUsd(l);
    if (perLot > 0) {
      double lots = (target - premium) / ((trades - done) * perLot) + rnd.uniform(-0.5, 0.5);
      int qty = (int) Math.max(1, Math.min(4, Math.round(lots)));
      count(session.aggressTop(l, 'B', qty));
    }
    if (++done < trades) {
      later((long) (gap * rnd.uniform(0.5, 1.5)), this::trade);
    } else {
      finish();
    }
  }
}
