package io.nqflow.simulator.episode;

import io.nqflow.simulator.Fill;
import io.nqflow.simulator.LiveInstrument;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoy: a large print that closes an existing position. One aggressive order at one level into
 * liquidity that has rested for minutes, in an option whose open interest is at least three times
 * the print; no follow-through. The next session's open interest is lower by the print.
 */
final class ClosingPrint extends AbstractEpisode {
  private LiveInstrument option;
  private long staged = -1;
  private int want;

  ClosingPrint(Session session, long duration) {
    super(session, "CLOSING_PRINT", false, duration);
  }

  @Override
  public boolean start() {
    // Most positions closed are longs: selling to close.
    boolean buy = rnd.nextDouble() < 0.4;
    char resting = buy ? 'A' : 'B';
    double target = rnd.uniform(160_000, 600_000);
    List<LiveInstrument> c = new ArrayList<>();
    for (LiveInstrument l : nearCandidates(0.03, 5, false)) {
      int q = contractsFor(l, resting, target);
      if (q > 0 && session.openInterest(l.instrument()) >= 3L * q) {
        c.add(l);
      }
    }
    if (c.isEmpty()) {
      return false;
    }
    option = pick(c);
    legs.add(option);
    setSide(buy, option.instrument().isCall());
    want = contractsFor(option, resting, target);
    staged = stage(option, resting, want);
    later((long) (duration * rnd.uniform(0.3, 0.7)), this::print);
    return true;
  }

  private void print() {
    Fill x = printOneLevel(option, sideChar(), want);
    count(x);
    if (x.qty() > 0) {
      session.closedPosition(option.instrument(), x.qty());
    }
    finish();
  }

  @Override
  void cleanup() {
    unstage(option, staged);
  }
}
