package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Flags;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeTest {
  static final long OPEN = 1_767_623_400_000_000_000L;

  @TempDir Path tmp;

  final Scheduler clock = new Scheduler();
  final List<LiveInstrument> refreshed = new ArrayList<>();
  final Instrument option =
      new Instrument(
          42,
          "NQH6 C21000",
          'C',
          "NQ",
          21_000,
          OPEN + 86_400_000_000_000L,
          null,
          Multipliers.NQ_USD,
          "QUARTERLY");
  final LiveInstrument l = new LiveInstrument(option, 3);

  static long px(double points) {
    return Prices.fromDouble(points);
  }

  /** Runs {@code action} as a scheduled action (so the clock has a time) and decodes the files. */
  List<List<DbnMessage>> run(ExchangeAction action) throws IOException {
    Path mboFile = tmp.resolve("mbo.dbn");
    Path tradesFile = tmp.resolve("trades.dbn");
    try (OutputStream mo = Files.newOutputStream(mboFile);
        OutputStream to = Files.newOutputStream(tradesFile);
        DbnEncoder mbo = new DbnEncoder(mo, Simulator.meta(Schema.MBO, OPEN, OPEN + 1));
        DbnEncoder trades = new DbnEncoder(to, Simulator.meta(Schema.TRADES, OPEN, OPEN + 1))) {
      DbnEmitter out =
          new DbnEmitter(clock, new SessionRandom(new SplittableRandom(1)), OPEN, 100, mbo, trades);
      Exchange ex = new Exchange(clock, out, 1_000, refreshed::add);
      clock.schedule(
          OPEN,
          () -> {
            out.begin();
            ex.add(l, 'A', px(100.00), 2, 0);
            ex.add(l, 'A', px(100.00), 3, 0);
            ex.add(l, 'A', px(100.25), 4, 0);
            ex.add(l, 'B', px(99.75), 5, 0);
            out.commit();
            action.apply(ex);
          });
      clock.runUntil(OPEN + 1_000_000_000L);
      mbo.flush();
      trades.flush();
    }
    return List.of(decode(mboFile), decode(tradesFile));
  }

  interface ExchangeAction {
    void apply(Exchange ex);
  }

  static List<DbnMessage> decode(Path p) throws IOException {
    List<DbnMessage> out = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(p)) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        out.add(r.toMessage());
      }
    }
    return out;
  }

  @Test
  void aSweepTakesLevelsInPriceOrderAndRecordsTradesFillsThenCancels() throws IOException {
    Fill[] fill = new Fill[1];
    List<List<DbnMessage>> files = run(ex -> fill[0] = ex.aggress(l, 'B', 6, px(100.25), true));

    assertThat(fill[0].qty()).isEqualTo(6);
    assertThat(fill[0].levels()).isEqualTo(2);
    assertThat(fill[0].premiumUsd()).isCloseTo((5 * 100.00 + 1 * 100.25) * 20, within(1e-6));
    assertThat(l.book.bestAsk()).isEqualTo(px(100.25));
    assertThat(l.book.sizeAt('A', px(100.25))).isEqualTo(3);
    assertThat(refreshed).containsExactly(l);

    MboMsg first = (MboMsg) files.get(0).get(0);
    assertThat(first.action())
        .as("the session's first record of the book clears it")
        .isEqualTo('R');
    List<MboMsg> sweep =
        files.get(0).stream().map(MboMsg.class::cast).skip(5).toList(); // after the clear, 4 adds
    assertThat(sweep)
        .extracting(MboMsg::action, MboMsg::side, MboMsg::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple('T', 'B', 5L),
            org.assertj.core.groups.Tuple.tuple('F', 'A', 2L),
            org.assertj.core.groups.Tuple.tuple('F', 'A', 3L),
            org.assertj.core.groups.Tuple.tuple('T', 'B', 1L),
            org.assertj.core.groups.Tuple.tuple('F', 'A', 1L),
            org.assertj.core.groups.Tuple.tuple('C', 'A', 2L),
            org.assertj.core.groups.Tuple.tuple('C', 'A', 3L),
            org.assertj.core.groups.Tuple.tuple('C', 'A', 1L));
    // One event: one time and sequence, F_LAST only on its last record.
    assertThat(sweep).extracting(m -> m.hd().tsEvent()).containsOnly(sweep.get(0).hd().tsEvent());
    assertThat(sweep).extracting(MboMsg::sequence).containsOnly(sweep.get(0).sequence());
    assertThat(sweep.subList(0, 7)).allMatch(m -> (m.flags() & Flags.F_LAST) == 0);
    assertThat(sweep.get(7).flags() & Flags.F_LAST).isEqualTo(Flags.F_LAST);

    List<TradeMsg> trades = files.get(1).stream().map(TradeMsg.class::cast).toList();
    assertThat(trades).extracting(TradeMsg::price).containsExactly(px(100.00), px(100.25));
    assertThat(trades.get(0).flags() & Flags.F_LAST).isZero();
    assertThat(trades.get(1).flags() & Flags.F_LAST).isEqualTo(Flags.F_LAST);
  }

  @Test
  void aSingleLevelOrderStopsAtTheBestPrice() throws IOException {
    Fill[] fill = new Fill[1];
    run(ex -> fill[0] = ex.aggress(l, 'B', 6, px(100.25), false));
    assertThat(fill[0].qty()).isEqualTo(5);
    assertThat(fill[0].levels()).isEqualTo(1);
    assertThat(l.book.bestAsk()).isEqualTo(px(100.25));
  }

  @Test
  void nothingFillsAgainstAnEmptySide() throws IOException {
    Fill[] fill = new Fill[1];
    List<List<DbnMessage>> files =
        run(
            ex -> {
              ex.aggress(l, 'A', 5, px(99.75), false); // empties the bid side
              refreshed.clear();
              fill[0] = ex.aggressTop(l, 'A', 3);
            });
    assertThat(fill[0].qty()).isZero();
    assertThat(fill[0].ts()).isEqualTo(OPEN);
    assertThat(refreshed).isEmpty();
    assertThat(files.get(1)).hasSize(1); // only the first trade
  }
}
