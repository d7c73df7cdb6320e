package io.nqflow.runner.analyze;

import io.nqflow.chain.state.ChainState;
import io.nqflow.dbn.BboView;
import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnFormatException;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.DefinitionView;
import io.nqflow.dbn.MboView;
import io.nqflow.dbn.MbpView;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.Schema;
import io.nqflow.dbn.StatView;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.market.CmeCalendar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link ChainState} from DBN files as {@code nqflow simulate} writes them (one folder per
 * session; a folder with {@code mbo.dbn} has its {@code trades.dbn} left out, see {@link
 * SessionFolders}), streaming: records are decoded one at a time and only per-instrument state is
 * kept. Each folder is read in two passes: its definitions first (files whose header says {@code
 * definition} or mixed), then every other record merged by {@code ts_event} (ties in file order).
 * Every folder starts with empty order books. Reading stops before the first record after the
 * cutoff.
 */
final class DbnChainReader {
  /** Bad input texts kept for the report. */
  static final int KEPT_PROBLEMS = 20;

  /**
   * What was read.
   *
   * @param state the chains
   * @param records records applied
   * @param lastTsNs ts_event of the last record applied (0 when none)
   * @param lastTradingDay the CME trading day of the input's last folder
   * @param cutoffNs the instant reading stopped at (Long.MAX_VALUE without --at)
   * @param problems bad input found
   * @param firstProblems the first {@link #KEPT_PROBLEMS} problem texts
   */
  record Result(
      ChainState state,
      long records,
      long lastTsNs,
      LocalDate lastTradingDay,
      long cutoffNs,
      long problems,
      List<String> firstProblems) {}

  private final ChainState state = new ChainState();
  private final List<String> problems = new ArrayList<>();
  private long problemCount;
  private long records;
  private long lastTs;
  private final Set<Long> defined = new HashSet<>();

  private DbnChainReader() {}

  /**
   * Reads the DBN files under {@code input} up to {@code at} (Chicago time on the last trading day
   * of the input; null: to the end).
   *
   * @throws IllegalArgumentException when there are no DBN files
   */
  static Result read(Path input, LocalTime at) throws IOException {
    List<Path> files = SessionFolders.select(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no DBN files under " + input);
    }
    Map<Path, List<Path>> byFolder = new LinkedHashMap<>();
    for (Path f : files) {
      byFolder.computeIfAbsent(f.getParent(), k -> new ArrayList<>()).add(f);
    }
    List<List<Path>> folders = new ArrayList<>(byFolder.values());
    DbnChainReader r = new DbnChainReader();
    LocalDate lastDay = r.tradingDayOf(folders.get(folders.size() - 1));
    long cutoff = at == null || lastDay == null ? Long.MAX_VALUE : cutoffNs(lastDay, at);
    for (List<Path> folder : folders) {
      if (!r.readFolder(folder, cutoff)) {
        break;
      }
    }
    return new Result(
        r.state, r.records, r.lastTs, lastDay, cutoff, r.problemCount, List.copyOf(r.problems));
  }

  /**
   * The instant of {@code at} on a CME trading day, Chicago time: a time from 17:00 on belongs to
   * the evening before (the trading day starts then).
   */
  static long cutoffNs(LocalDate tradingDay, LocalTime at) {
    LocalDate date = at.isBefore(LocalTime.of(17, 0)) ? tradingDay : tradingDay.minusDays(1);
    return CmeCalendar.toNs(ZonedDateTime.of(date, at, CmeCalendar.CHICAGO));
  }

  /** The trading day of a folder: from its files' headers (start, else end), the latest. */
  private LocalDate tradingDayOf(List<Path> folder) throws IOException {
    LocalDate day = null;
    for (Path f : folder) {
      try (DbnDecoder d = DbnDecoder.open(f)) {
        Metadata m = d.metadata();
        long t =
            m.start() != Dbn.UNDEF_TIMESTAMP && m.start() > 0
                ? m.start()
                : m.end() != Dbn.UNDEF_TIMESTAMP && m.end() > 0 ? m.end() - 1 : -1;
        if (t > 0) {
          LocalDate x = CmeCalendar.tradingDay(t);
          day = day == null || x.isAfter(day) ? x : day;
        }
      } catch (DbnFormatException e) {
        // Reported when the folder is read.
      }
    }
    return day;
  }

  /** Reads one folder; false when the cutoff was reached. */
  private boolean readFolder(List<Path> folder, long cutoff) throws IOException {
    state.clearBooks();
    defined.clear();
    // Pass 1: the definitions, from files whose header says definition or mixed.
    List<Path> eventFiles = new ArrayList<>();
    for (Path f : folder) {
      DbnDecoder d = open(f);
      if (d == null) {
        continue;
      }
      Schema schema = d.metadata().schema();
      if (schema == null || schema == Schema.DEFINITION) {
        definitions(f, d);
      } else {
        d.close();
      }
      if (schema != Schema.DEFINITION) {
        eventFiles.add(f);
      }
    }
    if (!defined.isEmpty()) {
      // A session's definitions list every instrument listed that day: one an earlier session
      // listed and this one does not is gone.
      state.retain(defined);
    }
    // Pass 2: everything else, merged by ts_event.
    List<Cursor> events = new ArrayList<>();
    try {
      for (Path f : eventFiles) {
        DbnDecoder d = open(f);
        if (d == null) {
          continue;
        }
        Cursor c = new Cursor(f, d);
        if (c.advance()) {
          events.add(c);
        } else {
          d.close();
        }
      }
      while (!events.isEmpty()) {
        Cursor next = events.get(0);
        for (int i = 1; i < events.size(); i++) {
          if (events.get(i).head.tsEvent() < next.head.tsEvent()) {
            next = events.get(i);
          }
        }
        DbnRecord rec = next.head;
        if (rec.tsEvent() > cutoff) {
          return false;
        }
        apply(rec);
        if (!next.advance()) {
          next.decoder.close();
          events.remove(next);
        }
      }
      return true;
    } finally {
      for (Cursor c : events) {
        c.decoder.close();
      }
    }
  }

  private DbnDecoder open(Path f) throws IOException {
    try {
      return DbnDecoder.open(f);
    } catch (DbnFormatException e) {
      problem(f, e);
      return null;
    }
  }

  private void definitions(Path f, DbnDecoder d) throws IOException {
    try (d) {
      for (DbnRecord rec = d.next(); rec != null; rec = d.next()) {
        if (rec.rtype() == RType.INSTRUMENT_DEF) {
          define(rec);
        }
      }
    } catch (DbnFormatException e) {
      problem(f, e);
    }
  }

  private void define(DbnRecord rec) {
    defined.add(rec.instrumentId());
    DefinitionView d = rec.definition();
    state.define(
        rec.instrumentId(),
        d.instrumentClass(),
        d.rawSymbol(),
        d.underlying(),
        d.strikePrice(),
        d.expiration(),
        d.unitOfMeasureQty());
  }

  private void apply(DbnRecord rec) {
    records++;
    lastTs = rec.tsEvent();
    long id = rec.instrumentId();
    switch (rec.rtype()) {
      case RType.MBO -> {
        MboView m = rec.mbo();
        state.onMbo(id, rec.tsEvent(), m.action(), m.side(), m.orderId(), m.price(), m.size());
      }
      case RType.MBP_0, RType.MBP_1, RType.MBP_10 -> {
        MbpView m = rec.mbp();
        if (m.action() == 'T') {
          state.onTrade(id, rec.tsEvent(), m.price(), m.size(), m.side());
        }
        if (m.levelCount() > 0) {
          state.onTopOfBook(id, m.bidPx(0), m.askPx(0));
        }
      }
      case RType.BBO_1S, RType.BBO_1M -> {
        BboView b = rec.bbo();
        state.onTopOfBook(id, b.bidPx(), b.askPx());
      }
      case RType.STATISTICS -> {
        StatView s = rec.stat();
        if (s.quantity() != Dbn.UNDEF_STAT_QUANTITY) {
          state.onStatistic(id, s.statType(), s.quantity());
        }
      }
      case RType.INSTRUMENT_DEF -> define(rec);
      default -> {
        // status, ohlcv, imbalance, system and mapping records carry nothing the chain uses
      }
    }
  }

  private void problem(Path f, DbnFormatException e) {
    if (problems.size() < KEPT_PROBLEMS) {
      problems.add(f + " at byte " + e.offset() + ": " + e.getMessage());
    }
    problemCount++;
  }

  /** One open file of the event pass and its current record. */
  private final class Cursor {
    final Path file;
    final DbnDecoder decoder;
    DbnRecord head;

    Cursor(Path file, DbnDecoder decoder) {
      this.file = file;
      this.decoder = decoder;
    }

    boolean advance() throws IOException {
      try {
        head = decoder.next();
        return head != null;
      } catch (DbnFormatException e) {
        problem(file, e);
        head = null;
        return false;
      }
    }
  }
}
