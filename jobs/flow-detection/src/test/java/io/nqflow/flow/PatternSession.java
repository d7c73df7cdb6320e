package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.SECOND;
import static io.nqflow.flow.Fixtures.T0;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An hour of quiet flow with one episode of every pattern, apart in time; in event-time order. */
public final class PatternSession {
  public static final long LADDER_1 = 301;
  public static final long LADDER_2 = 302;
  public static final long LADDER_3 = 303;
  public static final long BLOCK = 311;
  public static final long ICEBERG = 321;
  public static final long ACCUMULATION = 331;
  public static final long QUIET = 341;
  public static final long SWEEP = 351;

  private final List<MarketEvent> events = new ArrayList<>();
  private long seq;

  private void trade(long id, long ts, Side side, double price, long size) {
    events.add(Fixtures.trade(id, ts, ++seq, side, price, size));
  }

  private void mbo(long id, long ts, Action a, Side side, double price, long size) {
    events.add(Fixtures.mbo(id, ts, ++seq, a, side, price, size));
  }

  public static List<Instrument> instruments() {
    return List.of(
        Fixtures.future(),
        Fixtures.call(LADDER_1, 21_000),
        Fixtures.call(LADDER_2, 21_025),
        Fixtures.call(LADDER_3, 21_050),
        Fixtures.put(BLOCK, 20_900),
        Fixtures.call(ICEBERG, 21_200),
        Fixtures.put(ACCUMULATION, 21_000),
        Fixtures.call(QUIET, 20_500),
        Fixtures.call(SWEEP, 20_800));
  }

  /** One episode of each kind, apart in time, over a quiet background; in event-time order. */
  public List<MarketEvent> session() {
    for (int k = 0; k < 60; k++) {
      trade(Fixtures.FUTURE_ID, T0 + k * MINUTE, Side.BID, 21_050, 1);
      trade(QUIET, T0 + k * MINUTE + SECOND, k % 2 == 0 ? Side.BID : Side.ASK, 80, 5);
    }
    // Ladder: buyers lift three adjacent call strikes within 4 s ($114k-180k a leg).
    long t = T0 + 5 * MINUTE;
    trade(LADDER_1, t, Side.BID, 150, 60);
    trade(LADDER_2, t + 2 * SECOND, Side.BID, 120, 60);
    trade(LADDER_3, t + 4 * SECOND, Side.BID, 95, 60);
    // Block of 200 puts sold, then two more sells.
    t = T0 + 15 * MINUTE;
    trade(BLOCK, t, Side.ASK, 110, 200);
    trade(BLOCK, t + MINUTE, Side.ASK, 110, 20);
    trade(BLOCK, t + 2 * MINUTE, Side.ASK, 109, 25);
    // Iceberg: a hidden call buyer at 60, filled three times and refilled in each fill's match
    // event (as an exchange-managed iceberg; a re-quote 200 ms later is no refill).
    t = T0 + 25 * MINUTE;
    for (int r = 0; r < 3; r++) {
      long at = t + r * 5 * SECOND;
      mbo(ICEBERG, at, Action.TRADE, Side.ASK, 60, 40);
      mbo(ICEBERG, at, Action.FILL, Side.BID, 60, 40);
      mbo(ICEBERG, at, Action.ADD, Side.BID, 60, 40);
    }
    // Accumulation: ten buys of 6 puts ($12k each) over eight minutes, one small sell among them.
    t = T0 + 35 * MINUTE;
    for (int i = 0; i < 10; i++) {
      trade(ACCUMULATION, t + i * 50 * SECOND, Side.BID, 100, 6);
    }
    trade(ACCUMULATION, t + 100 * SECOND, Side.ASK, 100, 2);
    // Sweep: one buy order through three call levels, the middle one a block's size ($240k, 60
    // contracts), then two buys of 6 and 8: one order through several levels is a sweep, not a
    // block followed through by the order's own next level.
    t = T0 + 45 * MINUTE;
    trade(SWEEP, t, Side.BID, 199.75, 20);
    trade(SWEEP, t, Side.BID, 200, 60);
    trade(SWEEP, t, Side.BID, 200.25, 5);
    trade(SWEEP, t + MINUTE, Side.BID, 201, 6);
    trade(SWEEP, t + 2 * MINUTE, Side.BID, 201, 8);
    events.sort(Comparator.comparingLong(MarketEvent::getTsEvent));
    return events;
  }
}
