package io.nqflow.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.RecordHeader;
import io.nqflow.dbn.record.StatMsg;
import io.nqflow.market.Black76;
import io.nqflow.market.CmeCalendar;
import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

  /** Databento publisher id of GLBX.MDP3 (CME Globex MDP 3.0). */
  public static final int PUBLISHER_ID = 1;

  /** Statistic types (Databento StatType) written at the open. */
  static final int STAT_SETTLEMENT_PRICE = 3;

  static final int STAT_OPEN_INTEREST = 9;

  /** StatUpdateAction New. */
  static final int STAT_UPDATE_NEW = 1;

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
    Map<String, Long> closedYesterday = Map.of();
    for (int d = 0; d < cfg.days(); d++) {
      boolean liveDay = d == cfg.days() - 1;
      Regime regimeOfDay = cfg.regimeOf(d);
      if (regimeOfDay == Regime.EXPIRATION) {
        // An expiration day is a Friday: the weekly expiring today is listed (0DTE).
        date = date.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
      }
      SplittableRandom rnd =
          new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + d * 7919L + 17);
      long open = CmeCalendar.regularOpenNs(date);
      long close = open + cfg.sessionMinutes() * 60L * 1_000_000_000L;
      RegimeModel regime = RegimeModel.of(regimeOfDay, new SessionRandom(rnd), open, close);
      double priorClose = f;
      if (regime.gap != 0) {
        f *= Math.exp(regime.gap);
      }
      double carriedVol = vol;
      vol = regime.openVol(vol);
      Universe u = Universe.build(date, f, cfg.scale(), ids, cfg.microChains());
      Path dir = outDir.resolve(date.toString());
      Files.createDirectories(dir);
      Map<String, Long> counts = new LinkedHashMap<>();
      double openPrice = f;
      double volAtOpen = vol;
      Map<Integer, Long> openInterest = new HashMap<>();
      counts.put(DEFINITION_FILE, writeDefinitions(dir, u, open, close));
      counts.put(
          STATISTICS_FILE,
          writeStatistics(
              dir, u, date, open, close, f, priorClose, vol, closedYesterday, openInterest));
      boolean writeMbo = liveDay || cfg.fullHistory();
      List<Episode> dayTruth = new ArrayList<>();
      SessionSimulator sim;
      try (DbnEncoder trades =
              new DbnEncoder(stream(dir.resolve(TRADES_FILE)), meta(Schema.TRADES, open, close));
          DbnEncoder mbo =
              writeMbo
                  ? new DbnEncoder(stream(dir.resolve(MBO_FILE)), meta(Schema.MBO, open, close))
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
                dayTruth,
                regime,
                cfg.extendedDecoys(),
                openInterest);
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
      f = sim.closePrice();
      // A regime that sets the day's volatility leaves the next day where the market was before.
      vol = regime.setsVol() ? carriedVol : sim.atmVol();
      closedYesterday = sim.closedPositions();
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
              Math.round(f * 100) / 100.0,
              regimeOfDay.label()));
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

  static Metadata meta(Schema schema, long start, long end) {
    // Symbology lives in the definitions, as in a Databento parent-symbol request: no mappings.
    return Metadata.builder()
        .dataset(DATASET)
        .schema(schema)
        .start(start)
        .end(end)
        .stypeIn(SType.PARENT)
        .stypeOut(SType.INSTRUMENT_ID)
        .symbols(PARENT_SYMBOLS)
        .build();
  }

  private static long writeDefinitions(Path dir, Universe u, long open, long close)
      throws IOException {
    try (DbnEncoder w =
        new DbnEncoder(
            stream(dir.resolve(DEFINITION_FILE)), meta(Schema.DEFINITION, open, close))) {
      long recv = open;
      for (Instrument i : u.all()) {
        recv += 1_000;
        w.write(definition(i, open, recv));
      }
      w.flush();
      return w.recordCount();
    }
  }

  /**
   * A definition shaped like CME's on Databento (see the definition.v3 sample files); fields the
   * simulator has no value for carry Databento's "undefined" value.
   */
  static InstrumentDefMsg definition(Instrument i, long ts, long recv) {
    LocalDate exp =
        Instant.ofEpochSecond(i.expirationNs() / 1_000_000_000L)
            .atZone(CmeCalendar.NEW_YORK)
            .toLocalDate();
    boolean opt = i.isOption();
    int undefI32 = Integer.MAX_VALUE;
    return new InstrumentDefMsg(
        RecordHeader.of(RType.INSTRUMENT_DEF, PUBLISHER_ID, i.id(), ts),
        recv,
        opt ? TickGrid.FINE_TICK : TickGrid.FUTURES_TICK, // min_price_increment
        opt ? 10_000_000L : 1_000_000_000L, // display_factor
        i.expirationNs(),
        ts - 90L * 86_400 * 1_000_000_000L, // activation
        99_999L * Prices.SCALE, // high_limit_price
        opt ? TickGrid.FINE_TICK : 1_000L * Prices.SCALE, // low_limit_price
        Dbn.UNDEF_PRICE, // max_price_variation
        (long) i.multiplier() * Prices.SCALE, // unit_of_measure_qty
        Dbn.UNDEF_PRICE, // min_price_increment_amount
        Dbn.UNDEF_PRICE, // price_ratio
        opt ? Math.round(i.strike()) * Prices.SCALE : Dbn.UNDEF_PRICE, // strike_price
        i.id(), // raw_instrument_id
        Dbn.UNDEF_PRICE, // leg_price
        Dbn.UNDEF_PRICE, // leg_delta
        0, // inst_attrib_value
        opt ? i.underlying().id() : 0, // underlying_id
        0, // market_depth_implied
        10, // market_depth
        0, // market_segment_id
        Dbn.UNDEF_ORDER_SIZE, // max_trade_vol
        1, // min_lot_size
        undefI32, // min_lot_size_block
        undefI32, // min_lot_size_round_lot
        1, // min_trade_vol
        undefI32, // contract_multiplier
        undefI32, // decay_quantity
        undefI32, // original_contract_size
        0, // leg_instrument_id
        0,
        0,
        0,
        0, // leg ratios
        0, // leg_underlying_id
        0, // appl_id
        exp.getYear(), // maturity_year
        0xFFFF, // decay_start_date
        opt ? 1 : 0, // channel_id
        0, // leg_count
        0, // leg_index
        "USD",
        "", // settl_currency
        "", // secsubtype
        i.rawSymbol(),
        opt ? i.asset() : "NQ", // group
        "XCME",
        i.asset(),
        opt ? (i.isCall() ? "OCAFPS" : "OPAFPS") : "FFICSX", // cfi
        opt ? "OOF" : "FUT", // security_type
        "IPNT", // unit_of_measure
        opt ? i.underlying().rawSymbol() : "",
        opt ? "USD" : "", // strike_price_currency
        "", // leg_raw_symbol
        i.instrumentClass(),
        'F', // match_algorithm
        0xFF, // main_fraction
        0xFF, // price_display_format
        0xFF, // sub_fraction
        5, // underlying_product
        'A', // security_update_action
        exp.getMonthValue(),
        opt ? exp.getDayOfMonth() : 255, // maturity_day
        0xFF, // maturity_week
        'N', // user_defined_instrument
        127, // contract_multiplier_unit
        127, // flow_schedule_type
        opt ? 4 : 255, // tick_rule
        (char) 0, // leg_instrument_class
        'N'); // leg_side
  }

  /**
   * Open interest and prior settlement per instrument. Settlements are valued at the prior close
   * (the open itself but on a gap day); open interest closed by yesterday's CLOSING_PRINT decoys is
   * taken off. Fills {@code oiOut} with the open interest written.
   */
  private static long writeStatistics(
      Path dir,
      Universe u,
      LocalDate date,
      long open,
      long close,
      double f,
      double priorClose,
      double vol,
      Map<String, Long> closedYesterday,
      Map<Integer, Long> oiOut)
      throws IOException {
    try (DbnEncoder w =
        new DbnEncoder(
            stream(dir.resolve(STATISTICS_FILE)), meta(Schema.STATISTICS, open, close))) {
      long seq = 1;
      long recv = open;
      long prevSession = CmeCalendar.regularOpenNs(date.minusDays(1));
      for (Instrument i : u.all()) {
        recv += 1_000;
        long oi = openInterest(i, f, date);
        Long closed = closedYesterday.get(i.rawSymbol());
        if (closed != null) {
          oi = Math.max(1, oi - closed);
        }
        oiOut.put(i.id(), oi);
        w.write(
            new StatMsg(
                RecordHeader.of(RType.STATISTICS, PUBLISHER_ID, i.id(), open),
                recv,
                prevSession,
                Dbn.UNDEF_PRICE,
                oi,
                seq++,
                0,
                STAT_OPEN_INTEREST,
                0,
                STAT_UPDATE_NEW,
                0));
        long settle = settlement(i, priorClose, vol, open);
        recv += 1_000;
        w.write(
            new StatMsg(
                RecordHeader.of(RType.STATISTICS, PUBLISHER_ID, i.id(), open),
                recv,
                prevSession,
                settle,
                Dbn.UNDEF_STAT_QUANTITY,
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
      return i.multiplier() == Multipliers.NQ_USD
          ? 250_000 + r.nextInt(10_000)
          : 120_000 + r.nextInt(10_000);
    }
    double x = Math.log(i.strike() / f);
    double base = 3_000 * Math.exp(-0.5 * (x / 0.03) * (x / 0.03)) + 50;
    if (i.strike() % 500 == 0) {
      base *= 2.5;
    }
    if (i.expiryKind().equals("QUARTERLY")) {
      base *= 2;
    }
    if (i.multiplier() == Multipliers.MNQ_USD) {
      base *= 0.4;
    }
    return Math.max(1, Math.round(base * Math.exp(0.3 * (r.nextDouble() - 0.5))));
  }

  static long settlement(Instrument i, double f, double vol, long t) {
    if (!i.isOption()) {
      return TickGrid.futuresRoundDown(Prices.fromDouble(f));
    }
    double years = Math.max((i.expirationNs() - t) / PricePath.YEAR_NS, 1e-7);
    double v = Black76.STANDARD.price(i.isCall(), f, i.strike(), years, vol);
    return Math.max(TickGrid.FINE_TICK, TickGrid.roundDown(Prices.fromDouble(v)));
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
    m.put("regime", cfg.mixedRegimes() ? "mixed" : cfg.regime().label());
    m.put("extended_decoys", cfg.extendedDecoys());
    if (cfg.microChains()) {
      // only when on, so manifests of runs without micro chains keep their bytes
      m.put("micro_chains", true);
    }
    m.put("dataset", DATASET);
    m.put("publisher_id", PUBLISHER_ID);
    m.put("dbn_version", Dbn.VERSION);
    m.put("episodes", r.episodes().size());
    ArrayNode days = m.putArray("days");
    for (SimulationResult.Day d : r.days()) {
      ObjectNode o = days.addObject();
      o.put("date", d.date());
      o.put("live", d.live());
      o.put("regime", d.regime());
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
