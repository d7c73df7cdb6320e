package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.StatMsg;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.market.Prices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new decoys show the signature docs/simulator.md gives them, read back from the written DBN
 * files: full-length small sessions of a few seeds, two days each with full history.
 */
class DecoySignatureTest {
  static final long MS = SimTime.MS;

  @TempDir static Path tmp;
  static final List<Run> RUNS = new ArrayList<>();

  record Run(Path dir, SimulationResult result) {
    Path day(String date) {
      return dir.resolve(date);
    }
  }

  @BeforeAll
  static void simulate() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      Path dir = tmp.resolve("s" + seed);
      RUNS.add(
          new Run(
              dir,
              Simulator.run(SimulationConfig.of(seed, 2, Scale.SMALL).withFullHistory(true), dir)));
    }
  }

  private static final Map<Path, List<DbnMessage>> CACHE = new HashMap<>();

  static List<DbnMessage> read(Path p) throws IOException {
    List<DbnMessage> r = CACHE.get(p);
    if (r == null) {
      r = RegimeTest.read(p);
      CACHE.put(p, r);
    }
    return r;
  }

  /** Every episode of {@code kind} over the runs, with the run it belongs to. */
  static List<Map.Entry<Run, Episode>> episodes(String kind) {
    List<Map.Entry<Run, Episode>> out = new ArrayList<>();
    for (Run r : RUNS) {
      for (Episode e : r.result().episodes()) {
        if (e.kind().equals(kind)) {
          out.add(Map.entry(r, e));
        }
      }
    }
    assertThat(out).as(kind + " episodes over the runs").isNotEmpty();
    return out;
  }

  static List<TradeMsg> trades(Run r, String date, long instrument, long from, long to)
      throws IOException {
    List<TradeMsg> out = new ArrayList<>();
    for (DbnMessage x : read(r.day(date).resolve(Simulator.TRADES_FILE))) {
      long t = x.hd().tsEvent();
      if (x.hd().instrumentId() == instrument && t >= from && t <= to) {
        out.add((TradeMsg) x);
      }
    }
    return out;
  }

  static InstrumentDefMsg def(Run r, String date, long id) throws IOException {
    return RegimeTest.definitions(r.day(date)).get(id);
  }

  static double futuresPrice(Run r, String date, long ts) throws IOException {
    long nq = RegimeTest.nqId(RegimeTest.definitions(r.day(date)));
    double px = 0;
    for (DbnMessage x : read(r.day(date).resolve(Simulator.TRADES_FILE))) {
      if (x.hd().tsEvent() > ts) {
        break;
      }
      if (x.hd().instrumentId() == nq) {
        px = Prices.toDouble(((TradeMsg) x).price());
      }
    }
    return px;
  }

  static double strike(InstrumentDefMsg d) {
    return d.strikePrice() / 1e9;
  }

  @Test
  void anMmHedgeIsOneOptionPrintAndAnOffsettingFuturesTradeWithin5Ms() throws IOException {
    for (Map.Entry<Run, Episode> x : episodes("MM_HEDGE")) {
      Run r = x.getKey();
      Episode e = x.getValue();
      assertThat(e.expectSignal()).isFalse();
      long option = e.instrumentIds().get(0);
      long future = e.instrumentIds().get(1);
      InstrumentDefMsg od = def(r, e.day(), option);
      assertThat(def(r, e.day(), future).instrumentClass()).isEqualTo('F');
      List<TradeMsg> print = trades(r, e.day(), option, e.tsStart(), e.tsStart());
      assertThat(print.stream().map(TradeMsg::price).distinct()).as(e.id()).hasSize(1);
      long contracts = print.stream().mapToLong(TradeMsg::size).sum();
      assertThat(contracts).isEqualTo(e.contracts());
      assertThat(e.premiumUsd()).isBetween(100_000.0, 250_000.0);
      double f = futuresPrice(r, e.day(), e.tsStart());
      assertThat(Math.abs(strike(od) / f - 1)).isLessThanOrEqualTo(0.021);
      List<TradeMsg> hedge = trades(r, e.day(), future, e.tsStart() + 1, e.tsStart() + 10 * MS);
      assertThat(hedge).as(e.id() + " futures trades within 10 ms").isNotEmpty();
      assertThat(e.tsEnd()).isEqualTo(hedge.get(hedge.size() - 1).hd().tsEvent());
      assertThat(e.tsEnd() - e.tsStart()).isLessThanOrEqualTo(5 * MS + 50_000);
      long hedged = hedge.stream().mapToLong(TradeMsg::size).sum();
      assertThat(hedged).isBetween(1L, contracts);
      // Offsetting: selling futures after buying calls or selling puts, buying otherwise.
      boolean bought = e.side().equals("BUY");
      char expected = (od.instrumentClass() == 'C') == bought ? 'A' : 'B';
      assertThat(hedge).allSatisfy(t -> assertThat(t.side()).isEqualTo(expected));
      assertThat(print).allSatisfy(t -> assertThat(t.side()).isEqualTo(bought ? 'B' : 'A'));
    }
  }

  @Test
  void aLeggedSpreadIsTwoPrintsOfTheSameContractsInOneVertical() throws IOException {
    for (Map.Entry<Run, Episode> x : episodes("LEGGED_SPREAD")) {
      Run r = x.getKey();
      Episode e = x.getValue();
      InstrumentDefMsg a = def(r, e.day(), e.instrumentIds().get(0));
      InstrumentDefMsg b = def(r, e.day(), e.instrumentIds().get(1));
      assertThat(a.instrumentClass()).isEqualTo(b.instrumentClass());
      assertThat(a.expiration()).isEqualTo(b.expiration());
      assertThat(Math.abs(strike(a) - strike(b))).isBetween(50.0, 100.0);
      List<TradeMsg> leg1 = trades(r, e.day(), a.hd().instrumentId(), e.tsStart(), e.tsStart());
      List<TradeMsg> leg2 = trades(r, e.day(), b.hd().instrumentId(), e.tsEnd(), e.tsEnd());
      assertThat(leg1.stream().map(TradeMsg::price).distinct()).hasSize(1);
      long q1 = leg1.stream().mapToLong(TradeMsg::size).sum();
      long q2 = leg2.stream().mapToLong(TradeMsg::size).sum();
      assertThat(q2).as(e.id()).isEqualTo(q1);
      assertThat(q1 + q2).isEqualTo(e.contracts());
      char s1 = e.side().equals("BUY") ? 'B' : 'A';
      assertThat(leg1).allSatisfy(t -> assertThat(t.side()).isEqualTo(s1));
      assertThat(leg2).allSatisfy(t -> assertThat(t.side()).isEqualTo(s1 == 'B' ? 'A' : 'B'));
      assertThat(e.tsEnd() - e.tsStart()).isBetween(300 * MS, 3_000 * MS + MS);
      double leg1Premium =
          leg1.stream().mapToDouble(t -> Prices.toDouble(t.price()) * t.size()).sum();
      assertThat(leg1Premium * 20).isBetween(100_000.0, 250_000.0);
    }
  }

  @Test
  void aRetailClusterIsManySmallBuysAtARoundStrike() throws IOException {
    for (Map.Entry<Run, Episode> x : episodes("RETAIL_CLUSTER")) {
      Run r = x.getKey();
      Episode e = x.getValue();
      InstrumentDefMsg d = def(r, e.day(), e.instrumentIds().get(0));
      assertThat(strike(d) % 250).isZero();
      double f = futuresPrice(r, e.day(), e.tsStart());
      assertThat(Math.abs(strike(d) / f - 1)).isLessThanOrEqualTo(0.021);
      assertThat(e.side()).isEqualTo("BUY");
      assertThat(e.premiumUsd()).isBetween(100_000.0, 200_000.0);
      assertThat(e.tsEnd() - e.tsStart()).isBetween(150_000 * MS, 900_000 * MS);
      List<TradeMsg> in = trades(r, e.day(), d.hd().instrumentId(), e.tsStart(), e.tsEnd());
      List<TradeMsg> small = in.stream().filter(t -> t.side() == 'B' && t.size() <= 4).toList();
      // Its own trades are among these (background trades in the option may add a few).
      assertThat(small.size()).isBetween(25, 60 + in.size() / 3);
      assertThat(small.stream().mapToLong(TradeMsg::size).sum())
          .isGreaterThanOrEqualTo(e.contracts());
      assertThat(e.contracts()).isBetween(25L, 240L);
    }
  }

  @Test
  void aClosingPrintIsOneLevelSmallAgainstOpenInterestWithoutAFacilitatorOrFollowThrough()
      throws IOException {
    int nextDays = 0;
    for (Map.Entry<Run, Episode> x : episodes("CLOSING_PRINT")) {
      Run r = x.getKey();
      Episode e = x.getValue();
      long id = e.instrumentIds().get(0);
      assertThat(e.tsStart()).isEqualTo(e.tsEnd());
      List<TradeMsg> print = trades(r, e.day(), id, e.tsStart(), e.tsStart());
      assertThat(print.stream().map(TradeMsg::price).distinct()).hasSize(1);
      assertThat(e.premiumUsd()).isBetween(150_000.0, 600_000.0);
      long oi = openInterest(r, e.day(), id);
      assertThat(oi).isGreaterThanOrEqualTo(3 * e.contracts());
      // No large order added in the 10 s before it (the makers' refills are at most 30 lots), no
      // trade of its side larger than background size in the minute after.
      for (DbnMessage m : read(r.day(e.day()).resolve(Simulator.MBO_FILE))) {
        MboMsg b = (MboMsg) m;
        long t = b.hd().tsEvent();
        if (b.hd().instrumentId() == id
            && t >= e.tsStart() - 10_000 * MS
            && t < e.tsStart()
            && b.action() == 'A') {
          assertThat(b.size()).as(e.id() + " " + b).isLessThan(Math.max(31, e.contracts() / 2));
        }
      }
      char side = e.side().equals("BUY") ? 'B' : 'A';
      assertThat(trades(r, e.day(), id, e.tsStart() + 1, e.tsStart() + 60_000 * MS))
          .noneMatch(t -> t.side() == side && t.size() > 13);
      // The next day's open interest is lower by the print (against the same day's formula).
      int d = dayIndex(r, e.day());
      if (d + 1 < r.result().days().size()) {
        nextDays++;
        String next = r.result().days().get(d + 1).date();
        InstrumentDefMsg def = def(r, next, id);
        if (def != null) {
          Instrument ins = instrument(def);
          long base =
              Simulator.openInterest(
                  ins, r.result().days().get(d + 1).openPrice(), java.time.LocalDate.parse(next));
          assertThat(openInterest(r, next, id))
              .isCloseTo(
                  Math.max(1, base - e.contracts()), org.assertj.core.data.Offset.offset(2L));
        }
      }
    }
    assertThat(nextDays).isPositive();
  }

  static int dayIndex(Run r, String date) {
    for (int i = 0; i < r.result().days().size(); i++) {
      if (r.result().days().get(i).date().equals(date)) {
        return i;
      }
    }
    throw new AssertionError(date);
  }

  static long openInterest(Run r, String date, long id) throws IOException {
    for (DbnMessage m : read(r.day(date).resolve(Simulator.STATISTICS_FILE))) {
      StatMsg s = (StatMsg) m;
      if (s.hd().instrumentId() == id && s.statType() == 9) {
        return s.quantity();
      }
    }
    throw new AssertionError("no open interest for " + id);
  }

  /** The simulator's instrument behind a definition (what its open-interest formula reads). */
  static Instrument instrument(InstrumentDefMsg d) {
    String kind =
        d.asset().equals("QNE") ? "EOM" : d.asset().startsWith("QN") ? "WEEKLY" : "QUARTERLY";
    return new Instrument(
        (int) d.hd().instrumentId(),
        d.rawSymbol(),
        d.instrumentClass(),
        d.asset(),
        strike(d),
        d.expiration(),
        null,
        (int) (d.unitOfMeasureQty() / 1_000_000_000L),
        kind);
  }
}
