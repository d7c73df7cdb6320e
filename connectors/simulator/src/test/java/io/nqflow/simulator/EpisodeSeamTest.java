package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.Schema;
import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.simulator.episode.EpisodeKinds;
import io.nqflow.simulator.episode.EpisodeRun;
import io.nqflow.simulator.episode.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Episodes driven through their Session seam by a hand-written session around a real exchange. */
class EpisodeSeamTest {
  static final long OPEN = 1_767_623_400_000_000_000L;
  static final long SEC = SimTime.SEC;

  /** A session of a few near-the-money NQ options with deep books, the futures at 21,000. */
  static final class TestingSession implements Session {
    final Scheduler clock = new Scheduler();
    final SessionRandom rnd;
    final DbnEmitter out;
    final Exchange exchange;
    final List<LiveInstrument> options = new ArrayList<>();
    final List<Episode> truth = new ArrayList<>();
    final List<EpisodeRun> retired = new ArrayList<>();
    final List<LiveInstrument> refreshed = new ArrayList<>();
    final List<Long> closed = new ArrayList<>();
    final LiveInstrument future;
    long close = OPEN + 3_600 * SEC;
    int skipped;
    int episodeNo;

    /** The options' mid price, points (quote()). */
    double mid = 99.75;

    /** Aggressive orders sent by episodes. */
    int aggressions;

    /** What {@link Session#legacyEpisodes()} answers. */
    boolean legacy;

    TestingSession(long seed) throws IOException {
      rnd = new SessionRandom(new SplittableRandom(seed));
      DbnEncoder trades =
          new DbnEncoder(new ByteArrayOutputStream(), Simulator.meta(Schema.TRADES, OPEN, close));
      out = new DbnEmitter(clock, rnd, OPEN, 1, null, trades);
      exchange = new Exchange(clock, out, 1, refreshed::add);
      Instrument nq = new Instrument(1, "NQH6", 'F', "NQ", 0, OPEN, null, Multipliers.NQ_USD, "");
      future = new LiveInstrument(nq, 5);
      for (int k = 0; k < 3; k++) {
        double strike = 20_975 + 25 * k;
        Instrument i =
            new Instrument(
                10 + k,
                "NQH6 C" + (long) strike,
                'C',
                "NQ",
                strike,
                OPEN + 30 * 86_400 * SEC,
                nq,
                Multipliers.NQ_USD,
                "QUARTERLY");
        options.add(new LiveInstrument(i, levels()));
      }
    }

    /** Three levels of 100 contracts each side, half a point wide around 99.75. */
    void quote() {
      out.begin();
      for (LiveInstrument l : options) {
        for (int i = 0; i < 3; i++) {
          exchange.add(l, 'B', Prices.fromDouble(mid - 0.25 - 0.25 * i), 100, 0);
          exchange.add(l, 'A', Prices.fromDouble(mid + 0.25 + 0.25 * i), 100, 0);
        }
      }
      for (int i = 0; i < 5; i++) {
        exchange.add(future, 'B', Prices.fromDouble(20_999.75 - 0.25 * i), 20, 0);
        exchange.add(future, 'A', Prices.fromDouble(21_000.00 + 0.25 * i), 20, 0);
      }
      out.commit();
    }

    @Override
    public long now() {
      return clock.now();
    }

    @Override
    public long close() {
      return close;
    }

    @Override
    public double price() {
      return 21_000;
    }

    @Override
    public SessionRandom random() {
      return rnd;
    }

    @Override
    public int levels() {
      return 3;
    }

    @Override
    public List<LiveInstrument> options() {
      return options;
    }

    @Override
    public void schedule(long at, Runnable action) {
      clock.schedule(at, action);
    }

    @Override
    public boolean legacyEpisodes() {
      return legacy;
    }

    @Override
    public void begin() {
      out.begin();
    }

    @Override
    public void commit() {
      out.commit();
    }

    @Override
    public long eventTs() {
      return out.eventTs();
    }

    @Override
    public long addOrder(LiveInstrument l, char side, long price, int size, int owner) {
      return exchange.add(l, side, price, size, owner);
    }

    @Override
    public void modifyOrder(LiveInstrument l, long id, char side, long price, int size) {
      exchange.modify(l, id, side, price, size);
    }

    @Override
    public void cancelOrder(LiveInstrument l, OrderBook.Order o, int size) {
      exchange.cancel(l, o, size);
    }

    @Override
    public Fill aggress(LiveInstrument l, char side, int qty, long limit, boolean multiLevel) {
      aggressions++;
      return exchange.aggress(l, side, qty, limit, multiLevel);
    }

    @Override
    public Fill aggressTop(LiveInstrument l, char side, int qty) {
      return exchange.aggressTop(l, side, qty);
    }

    @Override
    public void scheduleRefresh(LiveInstrument l) {
      refreshed.add(l);
    }

    @Override
    public void retire(EpisodeRun run) {
      retired.add(run);
    }

    @Override
    public void skip() {
      skipped++;
    }

    @Override
    public String nextEpisodeId(String kind) {
      return "20260105-" + ++episodeNo + "-" + kind;
    }

    @Override
    public void addTruth(Episode episode) {
      truth.add(episode);
    }

    @Override
    public String day() {
      return LocalDate.of(2026, 1, 5).toString();
    }

    @Override
    public String regime() {
      return "quiet";
    }

    @Override
    public boolean zeroDte() {
      return false;
    }

    @Override
    public boolean expiresToday(Instrument i) {
      return false;
    }

    @Override
    public LiveInstrument future() {
      return future;
    }

    @Override
    public double delta(Instrument i) {
      return 0.5;
    }

    @Override
    public long openInterest(Instrument i) {
      return 10_000;
    }

    @Override
    public void closedPosition(Instrument i, long contracts) {
      closed.add(contracts);
    }
  }

  /**
   * Starts an episode of {@code kind} a second after the open and runs the session to its close.
   */
  static boolean runEpisode(TestingSession s, String kind, long duration) {
    boolean[] started = new boolean[1];
    EpisodeRun run = EpisodeKinds.create(kind, duration, s);
    s.schedule(OPEN, s::quote);
    s.schedule(OPEN + SEC, () -> started[0] = run.start());
    s.clock.runUntil(s.close);
    if (started[0]) {
      run.finish(); // as the session does at its close
    }
    return started[0];
  }

  @Test
  void aSweepTakesEveryQuotedLevelOfOneNearOptionAndWritesOneTruthLine() throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      TestingSession s = new TestingSession(seed);
      assertThat(runEpisode(s, "SWEEP", SEC)).isTrue();
      assertThat(s.truth).hasSize(1);
      Episode e = s.truth.get(0);
      assertThat(e.kind()).isEqualTo("SWEEP");
      assertThat(e.expectSignal()).isTrue();
      assertThat(e.instrumentIds()).hasSize(1);
      assertThat(e.underlying()).isEqualTo("NQH6");
      assertThat(e.side()).isIn("BUY", "SELL");
      // At least $120k of premium at about $2,000 a contract, through three levels.
      assertThat(e.premiumUsd()).isGreaterThanOrEqualTo(120_000);
      assertThat(e.contracts()).isGreaterThan(200);
      assertThat(e.tsStart()).isEqualTo(e.tsEnd());
      assertThat(s.retired).hasSize(1);
      assertThat(s.skipped).isZero();
    }
  }

  @Test
  void anEpisodeThatFindsNoInstrumentDoesNotStartAndFinishingItCountsASkip() throws IOException {
    TestingSession s = new TestingSession(1);
    s.options.clear();
    EpisodeRun run = EpisodeKinds.create("ICEBERG", 120 * SEC, s);
    assertThat(run.start()).isFalse();
    run.finish();
    run.finish(); // idempotent
    assertThat(s.skipped).isEqualTo(1);
    assertThat(s.retired).containsExactly(run);
    assertThat(s.truth).isEmpty();
  }

  @Test
  void anIcebergPullsItsRestingOrderWhenItFinishes() throws IOException {
    TestingSession s = new TestingSession(3);
    s.close = OPEN + 30 * SEC;
    assertThat(runEpisode(s, "ICEBERG", 120 * SEC)).isTrue();
    // Its price sits inside the spread, so after cleanup only the makers' orders remain.
    for (LiveInstrument l : s.options) {
      for (char side : new char[] {'B', 'A'}) {
        l.book.levels(side).values().forEach(q -> q.forEach(o -> assertThat(o.owner).isZero()));
      }
    }
    assertThat(s.truth).hasSize(1);
    assertThat(s.truth.get(0).kind()).isEqualTo("ICEBERG");
    assertThat(s.refreshed).isNotEmpty();
  }

  @Test
  void anIcebergOfAnExpensiveOptionIsStillFilledAndRefilledSeveralTimes() throws IOException {
    int legacySingleFills = 0;
    for (long seed = 1; seed <= 20; seed++) {
      for (boolean legacy : new boolean[] {false, true}) {
        TestingSession s = new TestingSession(seed);
        // $30k a contract: $150k-350k is 5 to 12 contracts, often no more than the 5-15 shown.
        s.mid = 1_500;
        s.legacy = legacy;
        s.close = OPEN + 600 * SEC;
        assertThat(runEpisode(s, "ICEBERG", 120 * SEC)).isTrue();
        if (legacy) {
          legacySingleFills += s.aggressions == 1 ? 1 : 0;
        } else {
          assertThat(s.aggressions)
              .as("hits of the iceberg, seed %d", seed)
              .isGreaterThanOrEqualTo(3);
        }
      }
    }
    // The older draw (kept for the legacy run's bytes) showed everything at once now and then.
    assertThat(legacySingleFills).isPositive();
  }

  @Test
  void anActionDuePastTheCloseFinishesTheEpisodeInstead() throws IOException {
    TestingSession s = new TestingSession(2);
    s.close = OPEN + SEC + SimTime.MS / 2; // a Block's print comes 1-40 ms after its setup
    assertThat(runEpisode(s, "BLOCK", 90 * SEC)).isTrue();
    assertThat(s.truth).isEmpty();
    assertThat(s.skipped).isEqualTo(1);
    assertThat(s.retired).hasSize(1);
  }

  @Test
  void anMmHedgePrintsOneOptionLevelThenHedgesHalfItsContractsInFuturesWithin5Ms()
      throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      TestingSession s = new TestingSession(seed);
      assertThat(runEpisode(s, "MM_HEDGE", 60 * SEC)).isTrue();
      assertThat(s.truth).hasSize(1);
      Episode e = s.truth.get(0);
      assertThat(e.expectSignal()).isFalse();
      assertThat(e.regime()).isEqualTo("quiet");
      assertThat(e.direction()).isEqualTo("NEUTRAL");
      assertThat(e.instrumentIds()).hasSize(2).endsWith(1);
      assertThat(e.premiumUsd()).isBetween(100_000.0, 250_000.0);
      assertThat(e.tsEnd() - e.tsStart()).isBetween(0L, 5 * SimTime.MS + 50_000);
      // Delta 0.5 in this session: the futures order is half the option contracts.
      long futuresTraded = s.future.volume;
      assertThat(futuresTraded).isEqualTo(Math.round(0.5 * e.contracts()));
      // The liquidity it took is gone: nothing but the makers' orders rests afterwards.
      for (LiveInstrument l : s.options) {
        for (char side : new char[] {'B', 'A'}) {
          l.book.levels(side).values().forEach(q -> q.forEach(o -> assertThat(o.owner).isZero()));
        }
      }
    }
  }

  @Test
  void aLeggedSpreadTradesTheSameContractsTheOtherWayInASecondStrikeSecondsLater()
      throws IOException {
    int seen = 0;
    for (long seed = 1; seed <= 12; seed++) {
      TestingSession s = new TestingSession(seed);
      if (!runEpisode(s, "LEGGED_SPREAD", 60 * SEC)) {
        continue; // this session lists only strikes 25 points apart
      }
      seen++;
      Episode e = s.truth.get(0);
      assertThat(e.expectSignal()).isFalse();
      assertThat(e.instrumentIds()).hasSize(2);
      assertThat(e.rawSymbols()).containsExactlyInAnyOrder("NQH6 C20975", "NQH6 C21025");
      // Leg 2 is leg 1's contracts again, 0.3 to 3 seconds later.
      assertThat(e.contracts() % 2).isZero();
      assertThat(e.tsEnd() - e.tsStart()).isBetween(300 * SimTime.MS, 3 * SEC + SimTime.MS);
      boolean longLower = e.side().equals("BUY") == e.rawSymbols().get(0).endsWith("20975");
      assertThat(e.direction()).isEqualTo(longLower ? "BULLISH" : "BEARISH");
    }
    // Strikes 50 points apart exist here (20975 and 21025): some seeds pick that width.
    assertThat(seen).isPositive();
  }

  @Test
  void aClosingPrintIsOnePrintAndLowersTomorrowsOpenInterestByItsSize() throws IOException {
    for (long seed = 1; seed <= 5; seed++) {
      TestingSession s = new TestingSession(seed);
      assertThat(runEpisode(s, "CLOSING_PRINT", 300 * SEC)).isTrue();
      Episode e = s.truth.get(0);
      assertThat(e.tsStart()).isEqualTo(e.tsEnd());
      assertThat(e.premiumUsd()).isBetween(150_000.0, 600_000.0);
      assertThat(e.contracts() * 3).isLessThanOrEqualTo(10_000);
      assertThat(s.closed).containsExactly(e.contracts());
    }
  }

  @Test
  void kindsHaveCappedDurationsAndUnknownKindsAreRejected() throws IOException {
    assertThat(EpisodeKinds.KINDS).hasSize(8).doesNotHaveDuplicates();
    assertThat(EpisodeKinds.ALL).hasSize(12).doesNotHaveDuplicates().startsWith("SWEEP");
    assertThat(EpisodeKinds.kinds(false)).isEqualTo(EpisodeKinds.KINDS);
    assertThat(EpisodeKinds.nominalDuration("ACCUMULATION", 3_600 * SEC)).isEqualTo(600 * SEC);
    assertThat(EpisodeKinds.nominalDuration("ACCUMULATION", 1_000 * SEC)).isEqualTo(300 * SEC);
    assertThat(EpisodeKinds.nominalDuration("SWEEP", 2 * SEC)).isEqualTo(SEC);
    TestingSession s = new TestingSession(1);
    for (String kind : EpisodeKinds.ALL) {
      assertThat(EpisodeKinds.create(kind, SEC, s).duration()).isEqualTo(SEC);
    }
    assertThatThrownBy(() -> EpisodeKinds.create("PUMP", SEC, s))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
