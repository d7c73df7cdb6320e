package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Flags;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.market.TickGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes every DBN file of a small simulated run with the project's decoder and holds it against
 * the run's own manifest.json: what a downstream consumer of a simulated run would see.
 */
class SimulatedRunDecodeTest {
  private static final Map<String, Schema> SCHEMAS =
      Map.of(
          Simulator.DEFINITION_FILE, Schema.DEFINITION,
          Simulator.STATISTICS_FILE, Schema.STATISTICS,
          Simulator.MBO_FILE, Schema.MBO,
          Simulator.TRADES_FILE, Schema.TRADES);
  private static final Map<Schema, Integer> RTYPES =
      Map.of(
          Schema.DEFINITION, RType.INSTRUMENT_DEF,
          Schema.STATISTICS, RType.STATISTICS,
          Schema.MBO, RType.MBO,
          Schema.TRADES, RType.MBP_0);

  @TempDir static Path out;
  static JsonNode manifest;

  /** A decoded file: its metadata and every record as a message. */
  record Decoded(Metadata metadata, List<DbnMessage> records, long skipped) {}

  @BeforeAll
  static void simulate() throws IOException {
    Simulator.run(SimulationConfig.of(23, 2, Scale.SMALL).withSessionMinutes(20), out);
    manifest = new ObjectMapper().readTree(out.resolve(Simulator.MANIFEST_FILE).toFile());
  }

  static Decoded decode(Path p) throws IOException {
    List<DbnMessage> records = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(p)) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        records.add(r.toMessage());
      }
      assertThat(d.position()).as("bytes decoded of %s", p).isEqualTo(Files.size(p));
      return new Decoded(d.metadata(), records, d.skippedCount());
    }
  }

  @Test
  void everyFileDecodesAndItsRecordCountIsTheManifests() throws IOException {
    assertThat(manifest.get("dbn_version").asInt()).isEqualTo(Dbn.VERSION);
    assertThat(manifest.get("days")).hasSize(2);
    Set<String> dirsInManifest = new TreeSet<>();
    int decodedFiles = 0;
    for (JsonNode day : manifest.get("days")) {
      String date = day.get("date").asText();
      dirsInManifest.add(date);
      Path dir = out.resolve(date);
      Set<String> onDisk = new TreeSet<>();
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(f -> onDisk.add(f.getFileName().toString()));
      }
      Set<String> listed = new TreeSet<>();
      day.get("records").fieldNames().forEachRemaining(listed::add);
      assertThat(onDisk).as(date).isEqualTo(listed);
      boolean live = day.get("live").asBoolean();
      assertThat(onDisk.contains(Simulator.MBO_FILE)).as(date + " has mbo").isEqualTo(live);
      for (String file : onDisk) {
        Schema schema = SCHEMAS.get(file);
        assertThat(schema).as("unexpected file %s/%s", date, file).isNotNull();
        Decoded d = decode(dir.resolve(file));
        decodedFiles++;
        Metadata md = d.metadata();
        assertThat(md.version()).isEqualTo(3);
        assertThat(md.dataset()).isEqualTo(Simulator.DATASET);
        assertThat(md.schema()).as(file).isEqualTo(schema);
        assertThat(md.stypeIn()).isEqualTo(SType.PARENT);
        assertThat(md.stypeOut()).isEqualTo(SType.INSTRUMENT_ID);
        assertThat(md.symbols()).containsExactly("NQ.FUT", "NQ.OPT", "MNQ.FUT", "MNQ.OPT");
        assertThat(md.tsOut()).isFalse();
        assertThat(d.skipped()).isZero();
        assertThat((long) d.records().size())
            .as("%s/%s records vs manifest", date, file)
            .isEqualTo(day.get("records").get(file).asLong())
            .isPositive();
        for (DbnMessage m : d.records()) {
          assertThat(m.hd().rtype()).as(file).isEqualTo(RTYPES.get(schema));
          assertThat(m.hd().publisherId()).isEqualTo(Simulator.PUBLISHER_ID);
          assertThat(m.hd().tsEvent()).isBetween(md.start(), md.end());
        }
      }
    }
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(dirsInManifest);
    }
    assertThat(decodedFiles).isEqualTo(2 * 3 + 1);
  }

  @Test
  void definitionsCarryTheFieldsConsumersNeed() throws IOException {
    for (JsonNode day : manifest.get("days")) {
      List<DbnMessage> recs =
          decode(out.resolve(day.get("date").asText()).resolve(Simulator.DEFINITION_FILE))
              .records();
      Map<Long, InstrumentDefMsg> byId = new HashMap<>();
      for (DbnMessage m : recs) {
        InstrumentDefMsg d = (InstrumentDefMsg) m;
        assertThat(byId.put(d.hd().instrumentId(), d)).as("duplicate id").isNull();
      }
      assertThat(byId).hasSize(day.get("instruments").asInt());
      long options = byId.values().stream().filter(d -> d.instrumentClass() != 'F').count();
      assertThat(options).isEqualTo(day.get("options").asLong());
      for (InstrumentDefMsg d : byId.values()) {
        assertThat(d.rawInstrumentId()).isEqualTo(d.hd().instrumentId());
        assertThat(d.exchange()).isEqualTo("XCME");
        assertThat(d.currency()).isEqualTo("USD");
        assertThat(d.securityUpdateAction()).isEqualTo('A');
        assertThat(d.expiration()).isGreaterThan(d.hd().tsEvent());
        assertThat(d.activation()).isLessThan(d.hd().tsEvent());
        if (d.instrumentClass() == 'F') {
          assertThat(d.securityType()).isEqualTo("FUT");
          assertThat(d.strikePrice()).isEqualTo(Dbn.UNDEF_PRICE);
          assertThat(d.minPriceIncrement()).isEqualTo(TickGrid.FUTURES_TICK);
          continue;
        }
        assertThat(d.instrumentClass()).isIn('C', 'P');
        assertThat(d.securityType()).isEqualTo("OOF");
        assertThat(d.cfi()).startsWith(d.instrumentClass() == 'C' ? "OC" : "OP");
        // raw_symbol "QNEF6 C21000": the option's product code (its asset) with CME's month and
        // year code, then class and strike, agreeing with their own fields.
        assertThat(d.rawSymbol())
            .matches(
                d.asset()
                    + "[FGHJKMNQUVXZ]\\d "
                    + d.instrumentClass()
                    + d.strikePrice() / Dbn.FIXED_PRICE_SCALE);
        InstrumentDefMsg fut = byId.get(d.underlyingId());
        assertThat(fut).as("underlying of %s", d.rawSymbol()).isNotNull();
        assertThat(fut.instrumentClass()).isEqualTo('F');
        assertThat(fut.rawSymbol()).isEqualTo(d.underlying());
        assertThat(d.unitOfMeasureQty()).isEqualTo(fut.unitOfMeasureQty());
        boolean micro = d.underlying().startsWith("MNQ");
        assertThat(d.unitOfMeasureQty()).isEqualTo((micro ? 2 : 20) * Dbn.FIXED_PRICE_SCALE);
        assertThat(d.strikePriceCurrency()).isEqualTo("USD");
        assertThat(d.minPriceIncrement()).isEqualTo(TickGrid.FINE_TICK);
        assertThat(d.tickRule()).isEqualTo(4);
        assertThat(d.maturityYear()).isBetween(2026, 2028);
        assertThat(d.maturityMonth()).isBetween(1, 12);
        assertThat(d.maturityDay()).isBetween(1, 31);
      }
    }
  }

  @Test
  void theLastRecordOfEveryEventCarriesFLast() throws IOException {
    String live = manifest.get("days").get(1).get("date").asText();
    List<DbnMessage> mbo = decode(out.resolve(live).resolve(Simulator.MBO_FILE)).records();
    // MBO: per event (one sequence), F_LAST on the last record of each instrument, on no other.
    int events =
        checkEvents(
            mbo,
            m -> ((MboMsg) m).sequence(),
            m -> ((MboMsg) m).flags(),
            (event, i) -> {
              long id = event.get(i).hd().instrumentId();
              return event.subList(i + 1, event.size()).stream()
                  .noneMatch(n -> n.hd().instrumentId() == id);
            });
    assertThat(events).isPositive();
    long mboTrades = mbo.stream().filter(m -> ((MboMsg) m).action() == 'T').count();
    for (JsonNode day : manifest.get("days")) {
      List<DbnMessage> trades =
          decode(out.resolve(day.get("date").asText()).resolve(Simulator.TRADES_FILE)).records();
      // Trades: F_LAST on the last trade of each event only.
      int tradeEvents =
          checkEvents(
              trades,
              t -> ((TradeMsg) t).sequence(),
              t -> ((TradeMsg) t).flags(),
              (event, i) -> i == event.size() - 1);
      assertThat(tradeEvents).isPositive().isLessThanOrEqualTo(trades.size());
      if (day.get("date").asText().equals(live)) {
        assertThat((long) trades.size()).as("trades.dbn vs MBO T records").isEqualTo(mboTrades);
      }
    }
  }

  /** Whether record i of an event should carry F_LAST. */
  interface LastRule {
    boolean isLast(List<DbnMessage> event, int i);
  }

  /** Splits records into events by sequence (never reused) and checks F_LAST; returns events. */
  private static int checkEvents(
      List<DbnMessage> recs,
      ToLongFunction<DbnMessage> sequence,
      ToIntFunction<DbnMessage> flags,
      LastRule rule) {
    Set<Long> seen = new HashSet<>();
    int events = 0;
    int start = 0;
    while (start < recs.size()) {
      long seq = sequence.applyAsLong(recs.get(start));
      int end = start;
      while (end < recs.size() && sequence.applyAsLong(recs.get(end)) == seq) {
        end++;
      }
      assertThat(seen.add(seq)).as("sequence %d split into two events", seq).isTrue();
      List<DbnMessage> event = recs.subList(start, end);
      for (int i = 0; i < event.size(); i++) {
        DbnMessage m = event.get(i);
        assertThat(m.hd().tsEvent()).isEqualTo(event.get(0).hd().tsEvent());
        assertThat(Flags.isSet(flags.applyAsInt(m), Flags.F_LAST))
            .as("F_LAST of record %d of event %d: %s", i, seq, m)
            .isEqualTo(rule.isLast(event, i));
      }
      events++;
      start = end;
    }
    return events;
  }
}
