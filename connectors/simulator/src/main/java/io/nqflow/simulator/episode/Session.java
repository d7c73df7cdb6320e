package io.nqflow.simulator.episode;

import io.nqflow.simulator.Episode;
import io.nqflow.simulator.Fill;
import io.nqflow.simulator.Instrument;
import io.nqflow.simulator.LiveInstrument;
import io.nqflow.simulator.OrderBook;
import io.nqflow.simulator.SessionRandom;
import java.util.List;

/**
 * What an episode sees of and does to the simulated session: the clock, the futures price, the
 * option books, orders (each recorded as MBO in the open event) and the truth file.
 */
public interface Session {
  /** The current event time, ns. */
  long now();

  /** The session's close, ns: nothing happens at or after it. */
  long close();

  /** The futures price, index points. */
  double price();

  /**
   * Whether episodes are drawn as the simulator drew them before regimes and the newer decoys (a
   * run without the extended decoys reproduces that simulator's bytes, docs/simulator.md).
   */
  default boolean legacyEpisodes() {
    return false;
  }

  /** The session's one random stream. */
  SessionRandom random();

  /** Price levels each market maker quotes per side. */
  int levels();

  /** Every option of the session, in a fixed order. */
  List<LiveInstrument> options();

  /** Runs {@code action} at {@code at} (ns). */
  void schedule(long at, Runnable action);

  /** Opens an event (or joins the open one). */
  void begin();

  /** Closes the event opened by the matching {@link #begin}. */
  void commit();

  /** The event time of the open event, ns. */
  long eventTs();

  /** Rests an order; returns its id. */
  long addOrder(LiveInstrument l, char side, long price, int size, int owner);

  /** Changes a resting order's price and size. */
  void modifyOrder(LiveInstrument l, long id, char side, long price, int size);

  /** Takes {@code size} off a resting order. */
  void cancelOrder(LiveInstrument l, OrderBook.Order o, int size);

  /** One aggressive order up to {@code limit}, through several levels when {@code multiLevel}. */
  Fill aggress(LiveInstrument l, char side, int qty, long limit, boolean multiLevel);

  /** One aggressive order at the best opposite price only. */
  Fill aggressTop(LiveInstrument l, char side, int qty);

  /** Lets the market maker re-price an instrument an episode disturbed. */
  void scheduleRefresh(LiveInstrument l);

  /** The episode ended; it no longer needs finishing at the close. */
  void retire(EpisodeRun run);

  /** Counts a planned episode that traded nothing. */
  void skip();

  /** The next episode id of the session, {@code <yyyymmdd>-<nn>-<kind>}. */
  String nextEpisodeId(String kind);

  /** Appends a line to the truth file. */
  void addTruth(Episode episode);

  /** The session date, yyyy-mm-dd. */
  String day();

  /** The session's market regime as written to truth.jsonl, e.g. {@code normal}. */
  String regime();

  /** Whether episodes may pick options expiring today (an expiration day). */
  boolean zeroDte();

  /** Whether the option expires at today's 16:00 ET close. */
  boolean expiresToday(Instrument i);

  /** The NQ front future's book (the market makers' delta hedge). */
  LiveInstrument future();

  /** The option's Black-76 delta now, on the smile. */
  double delta(Instrument i);

  /** The option's open interest published at the open. */
  long openInterest(Instrument i);

  /** Records a trade that closed {@code contracts} of open interest (lowers the next day's). */
  void closedPosition(Instrument i, long contracts);

  /**
   * Contracts an ACCUMULATION in {@code i} over the next {@code durationNs} must trade at least so
   * that it stands out from the option's background flow (the scale's multiple of the expected
   * background contracts; 0 when the scale leaves it to the premium draw).
   */
  default double accumulationFloorContracts(Instrument i, long durationNs) {
    return 0;
  }
}
