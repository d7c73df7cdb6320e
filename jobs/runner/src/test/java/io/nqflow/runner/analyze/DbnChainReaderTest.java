package io.nqflow.runner.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.StatMsg;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.runner.DbnFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DBN reader on two hand-written sessions: the first with trades only, the second with MBO (and
 * a trades file that must be left out); an option listed on the first day only.
 */
class DbnChainReaderTest {
  private static final long E9 = 1_000_000_000L;
  private static final long EXPIRY = ns("2026-03-20T20:00:00Z");

  @TempDir static Path root;

  private static long ns(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * E9 + i.getNano();
  }

  @BeforeAll
  static void writeSessions() throws IOException {
    // Day 1, 2026-03-12 (CDT, UTC-5): 08:30-15:00 CT.
    Path d1 = Files.createDirectories(root.resolve("2026-03-12"));
    long open1 = ns("2026-03-12T13:30:00Z");
    write(
        d1.resolve("definition.dbn"),
        Schema.DEFINITION,
        open1,
        def(1, 'F', "NQH6", "", Dbn.UNDEF_PRICE, open1),
        def(10, 'C', "NQH6 C21000", "NQH6", 21_000 * E9, open1),
        def(11, 'P', "NQH6 P21000", "NQH6", 21_000 * E9, open1),
        def(12, 'C', "NQH6 C21100", "NQH6", 21_100 * E9, open1));
    write(
        d1.resolve("statistics.dbn"),
        Schema.STATISTICS,
        open1,
        oi(10, 100, open1),
        oi(11, 200, open1),
        oi(12, 300, open1));
    write(
        d1.resolve("trades.dbn"),
        Schema.TRADES,
        open1,
        trade(10, ns("2026-03-12T14:00:00Z"), 12 * E9, 2, 'B'),
        trade(1, ns("2026-03-12T14:00:01Z"), 21_000 * E9, 1, 'A'));

    // Day 2, 2026-03-13: C21100 is no longer listed.
    Path d2 = Files.createDirectories(root.resolve("2026-03-13"));
    long open2 = ns("2026-03-13T13:30:00Z");
    write(
        d2.resolve("definition.dbn"),
        Schema.DEFINITION,
        open2,
        def(1, 'F', "NQH6", "", Dbn.UNDEF_PRICE, open2),
        def(10, 'C', "NQH6 C21000", "NQH6", 21_000 * E9, open2),
        def(11, 'P', "NQH6 P21000", "NQH6", 21_000 * E9, open2));
    write(
        d2.resolve("statistics.dbn"),
        Schema.STATISTICS,
        open2,
        oi(10, 150, open2),
        oi(11, 250, open2));
    long t0900 = ns("2026-03-13T14:00:00Z");
    long t0930 = ns("2026-03-13T14:30:00Z");
    long t1030 = ns("2026-03-13T15:30:00Z");
    write(
        d2.resolve("mbo.dbn"),
        Schema.MBO,
        open2,
        mbo(1, open2 + 1, 'A', 'B', 500, 21_010 * E9, 2),
        mbo(1, open2 + 1, 'A', 'A', 501, 21_011 * E9, 2),
        mbo(10, open2 + 2, 'A', 'B', 600, 12 * E9, 2),
        mbo(10, open2 + 2, 'A', 'A', 601, 13 * E9, 5),
        // 09:00 CT: a buy of 2 at 13.00 (trade, fill, cancel).
        mbo(10, t0900, 'T', 'B', 0, 13 * E9, 2),
        mbo(10, t0900, 'F', 'A', 601, 13 * E9, 2),
        mbo(10, t0900, 'C', 'A', 601, 13 * E9, 2),
        // 09:30 CT: a sell of 1 put at 8.50 against an order the book never saw.
        mbo(11, t0930, 'T', 'A', 0, 8_500_000_000L, 1),
        // 10:30 CT: a sell of 1 at 12.00; the bid's order leaves half.
        mbo(10, t1030, 'T', 'A', 0, 12 * E9, 1),
        mbo(10, t1030, 'F', 'B', 600, 12 * E9, 1),
        mbo(10, t1030, 'C', 'B', 600, 12 * E9, 1));
    // MBO carries every trade: a trades file next to it is left out (this one would double them).
    write(
        d2.resolve("trades.dbn"),
        Schema.TRADES,
        open2,
        trade(10, t0900, 13 * E9, 2, 'B'),
        trade(11, t0930, 8_500_000_000L, 1, 'A'),
        trade(10, t1030, 12 * E9, 1, 'A'));
  }

  @Test
  void toTheEndOfTheData() throws IOException {
    DbnChainReader.Result r = DbnChainReader.read(root, null);
    assertThat(r.problems()).isZero();
    assertThat(r.lastTradingDay()).isEqualTo(LocalDate.of(2026, 3, 13));
    assertThat(r.cutoffNs()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.lastTsNs()).isEqualTo(ns("2026-03-13T15:30:00Z"));

    ChainSnapshot s = r.state().snapshot("NQH6", r.lastTsNs());
    assertThat(s.underlyingPrice()).isEqualTo(21010.5);
    assertThat(s.contracts()).extracting(ChainContract::instrumentId).containsExactly(10L, 11L);
    ChainContract call = s.contracts().get(0);
    assertThat(call.openInterest()).isEqualTo(150);
    assertThat(call.volume()).isEqualTo(3); // today's: yesterday's 2 are another session
    assertThat(call.buyVolume()).isEqualTo(2);
    assertThat(call.sellVolume()).isEqualTo(1);
    assertThat(call.buyPremiumUsd()).isCloseTo(13 * 2 * 20.0, within(1e-9));
    assertThat(call.sellPremiumUsd()).isCloseTo(12 * 1 * 20.0, within(1e-9));
    assertThat(call.bid()).isEqualTo(12.0);
    assertThat(call.ask()).isEqualTo(13.0);
    assertThat(call.last()).isEqualTo(12.0);
    ChainContract put = s.contracts().get(1);
    assertThat(put.openInterest()).isEqualTo(250);
    assertThat(put.volume()).isEqualTo(1);
    assertThat(put.sellVolume()).isEqualTo(1);
    assertThat(put.bid()).isNull();
    assertThat(put.last()).isEqualTo(8.5);
    assertThat(r.state().book(10).sizeAt('A', 13 * E9)).isEqualTo(3);
    assertThat(r.state().book(10).sizeAt('B', 12 * E9)).isEqualTo(1);
  }

  @Test
  void upToAChicagoTimeOfTheLastSession() throws IOException {
    DbnChainReader.Result r = DbnChainReader.read(root, LocalTime.of(10, 0));
    // 10:00 CDT on March 13 is 15:00 UTC.
    assertThat(r.cutoffNs()).isEqualTo(ns("2026-03-13T15:00:00Z"));
    ChainSnapshot s = r.state().snapshot("NQH6", r.cutoffNs());
    ChainContract call = s.contracts().get(0);
    assertThat(call.volume()).isEqualTo(2);
    assertThat(call.last()).isEqualTo(13.0);
    assertThat(call.bid()).isEqualTo(12.0);
    assertThat(r.lastTsNs()).isEqualTo(ns("2026-03-13T14:30:00Z"));
  }

  @Test
  void aTimeFromFiveInTheEveningIsTheEveningBeforeTheTradingDay() {
    assertThat(DbnChainReader.cutoffNs(LocalDate.of(2026, 3, 13), LocalTime.of(17, 30)))
        .isEqualTo(ns("2026-03-12T22:30:00Z"));
    assertThat(DbnChainReader.cutoffNs(LocalDate.of(2026, 1, 6), LocalTime.of(8, 45)))
        .isEqualTo(ns("2026-01-06T14:45:00Z"));
  }

  private static void write(Path file, Schema schema, long start, DbnMessage... records)
      throws IOException {
    DbnFiles.write(file, schema, start, records);
  }

  private static StatMsg oi(long id, long contracts, long ts) {
    return new StatMsg(
        RecordHeader.of(RType.STATISTICS, 1, id, ts),
        ts,
        ts,
        Dbn.UNDEF_PRICE,
        contracts,
        1,
        0,
        9,
        0,
        1,
        0);
  }

  private static TradeMsg trade(long id, long ts, long price, long size, char side) {
    return DbnFiles.trade(id, ts, price, size, side);
  }

  private static MboMsg mbo(
      long id, long ts, char action, char side, long orderId, long price, long size) {
    return new MboMsg(
        RecordHeader.of(RType.MBO, 1, id, ts), orderId, price, size, 0, 0, action, side, ts, 0, 1);
  }

  private static InstrumentDefMsg def(
      long id, char cls, String symbol, String underlying, long strike, long ts) {
    return DbnFiles.def(id, cls, symbol, underlying, strike, ts, EXPIRY);
  }
}
