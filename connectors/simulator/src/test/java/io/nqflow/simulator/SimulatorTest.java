package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.StatMsg;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.market.CmeCalendar;
import io.nqflow.market.TickGrid;
import io.nqflow.simulator.episode.EpisodeKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {
  static final SimulationConfig CFG = SimulationConfig.of(7, 2, Scale.SMALL).withSessionMinutes(40);

  @TempDir static Path tmp;
  static Path out;
  static SimulationResult result;
  static String lastDay;

  @BeforeAll
  static void simulate() throws IOException {
    out = tmp.resolve("a");
    result = Simulator.run(CFG, out);
    lastDay = result.days().get(1).date();
  }

  private static final Map<Path, List<DbnMessage>> DECODED = new HashMap<>();

  /** Every record of a file, decoded by the project's codec (cached: files do not change). */
  static List<DbnMessage> read(Path p) throws IOException {
    List<DbnMessage> cached = DECODED.get(p);
    if (cached != null) {
      return cached;
    }
    List<DbnMessage> out = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(p)) {
      assertThat(d.metadata().dataset()).isEqualTo("GLBX.MDP3");
      for (DbnRecord x = d.next(); x != null; x = d.next()) {
        out.add(x.toMessage());
      }
    }
    DECODED.put(p, out);
    return out;
  }

  static Map<Long, InstrumentDefMsg> definitions(String day) throws IOException {
    Map<Long, InstrumentDefMsg> m = new HashMap<>();
    for (DbnMessage r : read(out.resolve(day).resolve("definition.dbn"))) {
      m.put(r.hd().instrumentId(), (InstrumentDefMsg) r);
    }
    return m;
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedAnotherMarket() throws IOException {
    Path again = tmp.resolve("b");
    Simulator.run(CFG, again);
    List<Path> files;
    try (Stream<Path> s = Files.walk(out)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(9);
    for (Path f : files) {
      assertThat(Files.readAllBytes(again.resolve(out.relativize(f))))
          .as(f.toString())
          .isEqualTo(Files.readAllBytes(f));
    }
    Path other = tmp.resolve("c");
    Simulator.run(
        new SimulationConfig(8, 1, Scale.SMALL, CFG.startDate(), 40, false, 21_500), other);
    Path day0 = Path.of(result.days().get(0).date());
    assertThat(Files.readAllBytes(other.resolve(day0).resolve("trades.dbn")))
        .isNotEqualTo(Files.readAllBytes(out.resolve(day0).resolve("trades.dbn")));
  }

  @Test
  void historyDaysAreLightAndTheLiveDayHasMbo() throws IOException {
    Path first = out.resolve(result.days().get(0).date());
    assertThat(first.resolve("mbo.dbn")).doesNotExist();
    assertThat(first.resolve("trades.dbn")).exists();
    assertThat(out.resolve(lastDay).resolve("mbo.dbn")).exists();
    assertThat(result.days().get(1).records().get("mbo.dbn"))
        .isEqualTo(read(out.resolve(lastDay).resolve("mbo.dbn")).size());
    assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"seed\" : 7");
  }

  @Test
  void smallScaleStaysSmall() {
    long total = result.days().get(1).records().values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).isBetween(5_000L, 300_000L);
  }

  @Test
  void definitionsAreCompleteAndShapedLikeCme() throws IOException {
    Map<Long, InstrumentDefMsg> defs = definitions(lastDay);
    assertThat(defs.values()).anyMatch(d -> d.rawSymbol().matches("NQ[HMUZ]\\d"));
    Map<String, Long> futures = new HashMap<>();
    defs.values().stream()
        .filter(d -> d.instrumentClass() == 'F')
        .forEach(d -> futures.put(d.rawSymbol(), d.hd().instrumentId()));
    assertThat(futures).hasSize(2);
    Set<String> expiryKinds = new HashSet<>();
    for (InstrumentDefMsg d : defs.values()) {
      assertThat(d.hd().publisherId()).isEqualTo(1);
      assertThat(d.expiration()).isGreaterThan(d.hd().tsEvent());
      assertThat(d.exchange()).isEqualTo("XCME");
      if (d.instrumentClass() == 'F') {
        assertThat(d.securityType()).isEqualTo("FUT");
        continue;
      }
      assertThat(d.instrumentClass()).isIn('C', 'P');
      assertThat(d.securityType()).isEqualTo("OOF");
      assertThat(d.rawSymbol()).matches("[A-Z0-9]+[FGHJKMNQUVXZ]\\d [CP]\\d+");
      assertThat(d.rawSymbol())
          .endsWith(d.instrumentClass() + "" + d.strikePrice() / 1_000_000_000L);
      assertThat(d.strikePrice() % 25_000_000_000L).isZero();
      assertThat(futures).containsEntry(d.underlying(), d.underlyingId());
      boolean micro = d.underlying().startsWith("MNQ");
      assertThat(d.unitOfMeasureQty()).isEqualTo(micro ? 2_000_000_000L : 20_000_000_000L);
      assertThat(d.asset()).isNotEmpty();
      assertThat(d.minPriceIncrement()).isEqualTo(50_000_000L);
      expiryKinds.add(
          d.asset().startsWith("QN") && !d.asset().equals("QNE") ? "WEEKLY" : d.asset());
    }
    assertThat(expiryKinds).contains("NQ", "QNE", "WEEKLY", "MNQ");
  }

  @Test
  void openInterestIsPublishedForEveryOptionAtTheOpen() throws IOException {
    Map<Long, InstrumentDefMsg> defs = definitions(lastDay);
    Set<Long> withOi = new HashSet<>();
    long open = CmeCalendar.regularOpenNs(java.time.LocalDate.parse(lastDay));
    for (DbnMessage r : read(out.resolve(lastDay).resolve("statistics.dbn"))) {
      StatMsg s = (StatMsg) r;
      if (s.statType() == 9) {
        assertThat(s.quantity()).isPositive();
        assertThat(s.hd().tsEvent()).isEqualTo(open);
        withOi.add(s.hd().instrumentId());
      }
    }
    assertThat(withOi).isEqualTo(defs.keySet());
  }

  @Test
  void booksNeverCrossPricesStayOnTheGridAndTradesCarryTheAggressor() throws IOException {
    Map<Long, InstrumentDefMsg> defs = definitions(lastDay);
    Map<Long, OrderBook> books = new HashMap<>();
    long lastTs = 0;
    long lastSeq = 0;
    int trades = 0;
    for (DbnMessage r : read(out.resolve(lastDay).resolve("mbo.dbn"))) {
      MboMsg m = (MboMsg) r;
      assertThat(defs).containsKey(m.hd().instrumentId());
      assertThat(m.hd().tsEvent()).isGreaterThanOrEqualTo(lastTs);
      assertThat(m.sequence()).isGreaterThanOrEqualTo(lastSeq);
      assertThat(m.tsRecv()).isGreaterThan(m.hd().tsEvent());
      lastTs = m.hd().tsEvent();
      lastSeq = m.sequence();
      OrderBook b = books.get(m.hd().instrumentId());
      if (m.action() == 'R') {
        // The session's clear comes first for each instrument, before any order of its book.
        assertThat(b).as("one clear, before the book's first order: %s", m).isNull();
        assertThat(m.price()).isEqualTo(io.nqflow.dbn.Dbn.UNDEF_PRICE);
        assertThat(m.side()).isEqualTo('N');
        books.put(m.hd().instrumentId(), new OrderBook());
        continue;
      }
      assertThat(b).as("a clear before the first order of %s", m).isNotNull();
      boolean option = defs.get(m.hd().instrumentId()).instrumentClass() != 'F';
      assertThat(option ? TickGrid.onGrid(m.price()) : m.price() % TickGrid.FUTURES_TICK == 0)
          .as("price %d of %s", m.price(), m)
          .isTrue();
      switch (m.action()) {
        case 'A' -> b.add(m.orderId(), m.side(), m.price(), Math.toIntExact(m.size()), 0);
        case 'C' -> b.cancel(m.orderId(), Math.toIntExact(m.size()));
        case 'M' -> b.modify(m.orderId(), m.price(), Math.toIntExact(m.size()));
        case 'T' -> {
          assertThat(m.side()).isIn('B', 'A');
          // The aggressor trades against the opposite side at or inside its limit.
          long best = m.side() == 'B' ? b.bestAsk() : b.bestBid();
          assertThat(best).isPositive();
          assertThat(m.side() == 'B' ? m.price() >= best : m.price() <= best).isTrue();
          trades++;
        }
        case 'F' -> assertThat(b.get(m.orderId())).isNotNull();
        default -> throw new AssertionError("unexpected action " + m.action());
      }
      assertThat(b.crossed()).as("crossed after %s", m).isFalse();
    }
    assertThat(trades).isPositive();
    for (DbnMessage r : read(out.resolve(lastDay).resolve("trades.dbn"))) {
      TradeMsg t = (TradeMsg) r;
      assertThat(t.side()).isIn('B', 'A');
      assertThat(t.action()).isEqualTo('T');
    }
  }

  @Test
  void episodesArePresentInTheDataAtTheirLabelledTimes() throws IOException {
    List<Episode> truth = TruthFile.read(out.resolve("truth.jsonl"));
    assertThat(truth).isEqualTo(result.episodes());
    assertThat(truth.stream().map(Episode::kind).distinct())
        .containsExactlyInAnyOrderElementsOf(EpisodeKinds.kinds(CFG.extendedDecoys()));
    Map<String, List<TradeMsg>> tradesByDay = new HashMap<>();
    for (SimulationResult.Day d : result.days()) {
      List<TradeMsg> ts = new ArrayList<>();
      read(out.resolve(d.date()).resolve("trades.dbn")).forEach(r -> ts.add((TradeMsg) r));
      tradesByDay.put(d.date(), ts);
    }
    for (Episode e : truth) {
      List<TradeMsg> in =
          tradesByDay.get(e.day()).stream()
              .filter(t -> e.instrumentIds().contains((int) t.hd().instrumentId()))
              .filter(t -> t.hd().tsEvent() >= e.tsStart() && t.hd().tsEvent() <= e.tsEnd())
              .toList();
      long volume = in.stream().mapToLong(TradeMsg::size).sum();
      assertThat(volume).as(e.id()).isGreaterThanOrEqualTo(e.contracts());
      boolean tradeAtEnd = in.stream().anyMatch(t -> t.hd().tsEvent() == e.tsEnd());
      boolean tradeAtStart = in.stream().anyMatch(t -> t.hd().tsEvent() == e.tsStart());
      if (e.kind().equals("ICEBERG") || e.kind().equals("MM_BURST")) {
        // These start or end with resting-order events, visible in MBO on the live day.
        if (e.day().equals(lastDay)) {
          Set<Long> times = new HashSet<>();
          for (DbnMessage r : read(out.resolve(lastDay).resolve("mbo.dbn"))) {
            if (e.instrumentIds().contains((int) r.hd().instrumentId())) {
              times.add(r.hd().tsEvent());
            }
          }
          assertThat(times).as(e.id()).contains(e.tsStart(), e.tsEnd());
        }
      } else {
        assertThat(tradeAtStart && tradeAtEnd).as(e.id()).isTrue();
        char aggressor = e.side().equals("BUY") ? 'B' : 'A';
        if (!e.side().equals("NONE")) {
          assertThat(in.stream().filter(t -> t.hd().tsEvent() == e.tsStart()))
              .allMatch(t -> t.side() == aggressor);
        }
      }
      if (e.expectSignal()) {
        assertThat(e.premiumUsd()).as(e.id()).isGreaterThanOrEqualTo(100_000);
        assertThat(e.direction()).isIn("BULLISH", "BEARISH");
      }
      if (e.kind().equals("RETAIL_FRENZY")) {
        assertThat(e.premiumUsd()).as(e.id()).isLessThan(50_000);
        assertThat(e.expectSignal()).isFalse();
      }
      if (e.kind().equals("SWEEP")) {
        long levels =
            in.stream()
                .filter(t -> t.hd().tsEvent() == e.tsStart())
                .map(TradeMsg::price)
                .distinct()
                .count();
        assertThat(levels).as(e.id()).isGreaterThanOrEqualTo(3);
      }
    }
  }
}
