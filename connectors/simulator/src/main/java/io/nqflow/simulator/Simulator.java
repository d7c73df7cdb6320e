package io.nqflow.simulator;

import static io.nqflow.simulator.dbn.DbnConstants.*;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.simulator.dbn.DbnMetadata;
import io.nqflow.simulator.dbn.DbnV3Writer;
import io.nqflow.simulator.dbn.InstrumentDefMsg;
import io.nqflow.simulator.dbn.StatMsg;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a labelled simulated NQ options market: per session {@code definition.dbn}, {@code
 * statistics.dbn}, {@code trades.dbn} and (live day, or every day with full history) {@code
 * mbo.dbn}, plus {@code truth.jsonl} and {@code manifest.json}. Same config, same bytes.
 */
public final class Simulator {
  public static final String DATASET = "GLBX.MDP3";
  public static final String TRUTH_FILE = "truth.jsonl";
  public static final String MANIFEST_FILE = "manifest.json";
  public static final String DEFINITION_FILE = "definition.dbn";
  public static final String STATISTICS_FILE = "statistics.dbn";
  public static final String MBO_FILE = "mbo.dbn";
  public static final String TRADES_FILE = "trades.dbn";
  static final List<String> PARENT_SYMBOLS = List.of("NQ.FUT", "NQ.OPT", "MNQ.FUT", "MNQ.OPT");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Simulator() {}

  /** Runs the whole simulation into {@code outDir} (created if missing). */
  public static SimulationResult run(SimulationConfig cfg, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Universe.IdRegistry ids = new Universe.IdRegistry();
    List<SimulationResult.Day> days = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    double f = cfg.startPrice();
    double vol = 0.20;
    long sequence = 1_000_000;
    long orderId = 6_400_000_000_000L;
    LocalDate date = cfg.startDate();
    for (int d = 0; d < cfg.days(); d++) {
      boolean liveDay = d == cfg.days() - 1;
      SplittableRandom rnd =
          new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + d * 7919L + 17);
      long open = CmeCalendar.sessionOpenNs(date);
      long close = open + cfg.sessionMinutes() * 60L * 1_000_000_000L;
      Universe u = Universe.build(date, f, cfg.scale(), ids);
      Path dir = outDir.resolve(date.toString());
      Files.createDirectories(dir);
      Map<String, Long> counts = new LinkedHashMap<>();
      double openPrice = f;
      double volAtOpen = vol;
      counts.put(DEFINITION_FILE, writeDefinitions(dir, u, open, close));
      counts.put(STATISTICS_FILE, writeStatistics(dir, u, date, open, close, f, vol));
      boolean writeMbo = liveDay || cfg.fullHistory();
      List<Episode> dayTruth = new ArrayList<>();
      SessionSimulator sim;
      try (DbnV3Writer trades =
              new DbnV3Writer(stream(dir.resolve(TRADES_FILE)), meta(SCHEMA_TRADES, open, close));
          DbnV3Writer mbo =
              writeMbo
                  ? new DbnV3Writer(stream(dir.resolve(MBO_FILE)), meta(SCHEMA_MBO, open, close))
                  : null) {
        sim =
            new SessionSimulator(
                cfg.scale(),
                u,
                rnd,
                date,
                open,
                close,
                f,
                volAtOpen,
                sequence,
                orderId,
                mbo,
                trades,
                dayTruth);
        sim.run();
        trades.flush();
        counts.put(TRADES_FILE, trades.recordCount());
        if (mbo != null) {
          mbo.flush();
          counts.put(MBO_FILE, mbo.recordCount());
        }
      }
      if (!writeMbo) {
        Files.deleteIfExists(dir.resolve(MBO_FILE));
      }
      f = sim.price();
      vol = sim.atmVol();
      sequence = sim.sequence() + 1000;
      orderId = sim.nextOrderId() + 1000;
      dayTruth.sort(Comparator.comparingLong(Episode::tsStart));
      episodes.addAll(dayTruth);
      days.add(
          new SimulationResult.Day(
              date.toString(),
              liveDay,
              u.all().size(),
              u.options().size(),
              counts,
              dayTruth.size(),
              sim.skippedEpisodes(),
              Math.round(openPrice * 100) / 100.0,
              Math.round(f * 100) / 100.0));
      date = CmeCalendar.nextWeekday(date);
    }
    writeTruth(outDir.resolve(TRUTH_FILE), episodes);
    SimulationResult result = new SimulationResult(outDir, days, episodes);
    writeManifest(outDir.resolve(MANIFEST_FILE), cfg, result);
    return result;
  }

  private static OutputStream stream(Path p) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
  }

  static DbnMetadata meta(int schema, long start, long end) {
    return new DbnMetadata(
        DATASET, schema, start, end, STYPE_PARENT, STYPE_INSTRUMENT_ID, PARENT_SYMBOLS);
  }

  private static long writeDefinitions(Path dir, Universe u, long open, long close)
      throws IOException {
    try (DbnV3Writer w =
        new DbnV3Writer(
            stream(dir.resolve(DEFINITION_FILE)), meta(SCHEMA_DEFINITION, open, close))) {
      long recv = open;
      for (Instrument i : u.all()) {
        recv += 1_000;
        w.writeDefinition(definition(i, open, recv));
      }
      w.flush();
      return w.recordCount();
    }
  }

  /** A definition shaped like CME's on Databento (see the definition.v3 sample files). */
  static InstrumentDefMsg definition(Instrument i, long ts, long recv) {
    java.time.LocalDate exp =
        java.time.Instant.ofEpochSecond(i.expirationNs() / 1_000_000_000L)
            .atZone(CmeCalendar.ET)
            .toLocalDate();
    boolean opt = i.isOption();
    return new InstrumentDefMsg(
        PUBLISHER_GLBX_MDP3,
        i.id(),
        ts,
        recv,
        opt ? Ticks.OPTION_SMALL_TICK : Ticks.FUTURE_TICK,
        opt ? 10_000_000L : 1_000_000_000L,
        i.expirationNs(),
        ts - 90L * 86_400 * 1_000_000_000L,
        opt ? 99_999L * Ticks.UNIT : 99_999L * Ticks.UNIT,
        opt ? Ticks.OPTION_SMALL_TICK : 1_000L * Ticks.UNIT,
        (long) i.multiplier() * Ticks.UNIT,
        opt ? Math.round(i.strike()) * Ticks.UNIT : UNDEF_PRICE,
        opt ? i.underlying().id() : 0,
        10,
        1,
        opt ? 1 : 0,
        exp.getYear(),
        exp.getMonthValue(),
        opt ? exp.getDayOfMonth() : 255,
        "USD",
        i.rawSymbol(),
        opt ? i.asset() : "NQ",
        "XCME",
        i.asset(),
        opt ? (i.isCall() ? "OCAFPS" : "OPAFPS") : "FFICSX",
        opt ? "OOF" : "FUT",
        "IPNT",
        opt ? i.underlying().rawSymbol() : "",
        opt ? "USD" : "",
        i.instrumentClass(),
        'F',
        'A',
        5,
        opt ? 4 : 255);
  }

  private static long writeStatistics(
      Path dir, Universe u, LocalDate date, long open, long close, double f, double vol)
      throws IOException {
    try (DbnV3Writer w =
        new DbnV3Writer(
            stream(dir.resolve(STATISTICS_FILE)), meta(SCHEMA_STATISTICS, open, close))) {
      long seq = 1;
      long recv = open;
      long prevSession = CmeCalendar.sessionOpenNs(date.minusDays(1));
      for (Instrument i : u.all()) {
        recv += 1_000;
        long oi = openInterest(i, f, date);
        w.writeStat(
            new StatMsg(
                PUBLISHER_GLBX_MDP3,
                i.id(),
                open,
                recv,
                prevSession,
                UNDEF_PRICE,
                oi,
                seq++,
                0,
                STAT_OPEN_INTEREST,
                0,
                STAT_UPDATE_NEW,
                0));
        long settle = settlement(i, f, vol, open);
        recv += 1_000;
        w.writeStat(
            new StatMsg(
                PUBLISHER_GLBX_MDP3,
                i.id(),
                open,
                recv,
                prevSession,
                settle,
                UNDEF_STAT_QUANTITY,
                seq++,
                0,
                STAT_SETTLEMENT_PRICE,
                0,
                STAT_UPDATE_NEW,
                0));
      }
      w.flush();
      return w.recordCount();
    }
  }

  /** Open interest: concentrated near the money and on round strikes, varying day to day. */
  static long openInterest(Instrument i, double f, LocalDate date) {
    SplittableRandom r = new SplittableRandom(i.rawSymbol().hashCode() * 31L + date.toEpochDay());
    if (!i.isOption()) {
      return i.multiplier() == 20 ? 250_000 + r.nextInt(10_000) : 120_000 + r.nextInt(10_000);
    }
    double x = Math.log(i.strike() / f);
    double base = 3_000 * Math.exp(-0.5 * (x / 0.03) * (x / 0.03)) + 50;
    if (i.strike() % 500 == 0) {
      base *= 2.5;
    }
    if (i.expiryKind().equals("QUARTERLY")) {
      base *= 2;
    }
    if (i.multiplier() == 2) {
      base *= 0.4;
    }
    return Math.max(1, Math.round(base * Math.exp(0.3 * (r.nextDouble() - 0.5))));
  }

  static long settlement(Instrument i, double f, double vol, long t) {
    if (!i.isOption()) {
      return Ticks.futureFloor(Ticks.toFixed(f));
    }
    double years = Math.max((i.expirationNs() - t) / SessionSimulator.YEAR_NS, 1e-7);
    double v = Black76.price(i.isCall(), f, i.strike(), vol, years);
    return Math.max(Ticks.OPTION_SMALL_TICK, Ticks.optionFloor(Ticks.toFixed(v)));
  }

  static void writeTruth(Path p, List<Episode> episodes) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
      for (Episode e : episodes) {
        w.write(TruthFile.toJson(e));
        w.write('\n');
      }
    }
  }

  private static void writeManifest(Path p, SimulationConfig cfg, SimulationResult r)
      throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("seed", cfg.seed());
    m.put("scale", cfg.scale().name().toLowerCase());
    m.put("start_date", cfg.startDate().toString());
    m.put("session_minutes", cfg.sessionMinutes());
    m.put("history", cfg.fullHistory() ? "full" : "light");
    m.put("dataset", DATASET);
    m.put("publisher_id", PUBLISHER_GLBX_MDP3);
    m.put("dbn_version", VERSION);
    m.put("episodes", r.episodes().size());
    ArrayNode days = m.putArray("days");
    for (SimulationResult.Day d : r.days()) {
      ObjectNode o = days.addObject();
      o.put("date", d.date());
      o.put("live", d.live());
      o.put("instruments", d.instruments());
      o.put("options", d.options());
      o.put("episodes", d.episodes());
      o.put("skipped_episodes", d.skippedEpisodes());
      o.put("open_price", d.openPrice());
      o.put("close_price", d.closePrice());
      ObjectNode rc = o.putObject("records");
      d.records().forEach(rc::put);
    }
    JSON.copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, true)
        .writeValue(p.toFile(), m);
  }
}
