package io.nqflow.simulator.episode;

import io.nqflow.simulator.Fill;
import io.nqflow.simulator.LiveInstrument;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoy: a market maker's inventory hedge. One aggressive option print at one level, then within 5
 * ms an aggressive NQ futures order in the offsetting delta direction, round(|delta| x contracts)
 * lots: the pair is delta-neutral.
 */
final class MmHedge extends AbstractEpisode {
  private LiveInstrument option;
  private long staged = -1;
  private int want;

  MmHedge(Session session, long duration) {
    super(session, "MM_HEDGE", false, duration);
  }

  @Override
  public boolean start() {
    boolean buy = rnd.nextBoolean();
    char resting = buy ? 'A' : 'B';
    double target = rnd.uniform(105_000, 250_000);
    LiveInstrument fut = session.future();
    List<LiveInstrument> c = new ArrayList<>();
    for (LiveInstrument l : nearCandidates(0.02, 40, false)) {
      int q = contractsFor(l, resting, target);
      if (q > 0 && hedgeQty(l, q) <= depth(fut, hedgeSide(l, buy) == 'B' ? 'A' : 'B') * 0.8) {
        c.add(l);
      }
    }
    if (c.isEmpty()) {
      return false;
    }
    option = pick(c);
    legs.add(option);
    legs.add(fut);
    side = buy ? "BUY" : "SELL";
    direction = "NEUTRAL";
    want = contractsFor(option, resting, target);
    staged = stage(option, resting, want);
    later((long) (duration * rnd.uniform(0.3, 0.7)), this::print);
    return true;
  }

  private void print() {
    Fill x = printOneLevel(option, sideChar(), want);
    count(x);
    if (x.qty() == 0) {
      finish();
      return;
    }
    int filled = x.qty();
    later(rnd.nextInt(5_000_001), () -> hedge(filled));
  }

  private void hedge(int optionContracts) {
    LiveInstrument fut = session.future();
    char s = hedgeSide(option, side.equals("BUY"));
    char opp = s == 'B' ? 'A' : 'B';
    int qty = hedgeQty(option, optionContracts);
    long limit = levelPrice(fut, opp, fut.book().levels(opp).size() - 1);
    if (limit > 0) {
      Fill f = session.aggress(fut, s, qty, limit, true);
      if (f.qty() > 0) {
        mark(f.ts());
      }
    }
    finish();
  }

  /**
   * Futures side that offsets the option trade's delta: sell after buying calls or selling puts.
   */
  private char hedgeSide(LiveInstrument l, boolean buy) {
    double d = session.delta(l.instrument()) * (buy ? 1 : -1);
    return d > 0 ? 'A' : 'B';
  }

  private int hedgeQty(LiveInstrument l, int contracts) {
    return (int) Math.max(1, Math.round(Math.abs(session.delta(l.instrument())) * contracts));
  }

  private static int depth(LiveInstrument l, char side) {
    int n = 0;
    for (long p : l.book().levels(side).keySet()) {
      n += l.book().sizeAt(side, p);
    }
    return n;
  }

  @Override
  void cleanup() {
    unstage(option, staged);
  }
}
