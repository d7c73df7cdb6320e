package io.nqflow.simulator;

import io.nqflow.market.CmeCalendar;
import io.nqflow.market.Multipliers;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The instruments listed in one session: NQ and MNQ front-quarter futures and option chains on them
 * (weekly, end-of-month and quarterly NQ expiries; quarterly MNQ). With micro chains, MNQ options
 * are also listed on every NQ option expiry, at every NQ strike ({@link #MICRO_ASSETS}). Ids are
 * derived from the raw symbol so a contract keeps its id across sessions.
 */
public final class Universe {
  public static final double NEAR_STEP = 25.0;
  public static final double FAR_STEP = 100.0;

  /**
   * The product codes of MNQ options by NQ product code, for the micro chains: quarterly {@code NQ
   * -> MNQ}, end of month {@code QNE -> MQE}, Friday weeklies {@code QN<w> -> MQ<w>} (w = week of
   * the month).
   */
  public static final String MICRO_ASSETS = "NQ->MNQ, QNE->MQE, QN<w>->MQ<w>";

  private final List<Instrument> all = new ArrayList<>();
  private final Instrument nq;
  private final Instrument mnq;

  private Universe(Instrument nq, Instrument mnq) {
    this.nq = nq;
    this.mnq = mnq;
  }

  public Instrument nq() {
    return nq;
  }

  public Instrument mnq() {
    return mnq;
  }

  /** All instruments, futures first, then options in listing order. */
  public List<Instrument> all() {
    return all;
  }

  public List<Instrument> options() {
    return all.subList(2, all.size());
  }

  /** Lists the instruments of the session on {@code date} around futures price {@code f}. */
  public static Universe build(LocalDate date, double f, Scale scale, IdRegistry ids) {
    return build(date, f, scale, ids, false);
  }

  /**
   * Lists the instruments of the session on {@code date} around futures price {@code f}; with
   * {@code microChains} also an MNQ option on every NQ option's expiry, strike and right, after
   * every other instrument (so the others keep their order and ids).
   */
  public static Universe build(
      LocalDate date, double f, Scale scale, IdRegistry ids, boolean microChains) {
    LocalDate q = CmeCalendar.frontQuarterly(date);
    String my = CmeCalendar.monthYear(q);
    long qNs = CmeCalendar.expiryNs(q);
    Instrument nq =
        new Instrument(
            ids.idFor("NQ" + my), "NQ" + my, 'F', "NQ", 0, qNs, null, Multipliers.NQ_USD, "FUTURE");
    Instrument mnq =
        new Instrument(
            ids.idFor("MNQ" + my),
            "MNQ" + my,
            'F',
            "MNQ",
            0,
            qNs,
            null,
            Multipliers.MNQ_USD,
            "FUTURE");
    Universe u = new Universe(nq, mnq);
    u.all.add(nq);
    u.all.add(mnq);

    // Expiries: same-week and following Fridays, end of month, the quarterly.
    TreeSet<LocalDate> taken = new TreeSet<>();
    List<Object[]> expiries = new ArrayList<>();
    expiries.add(new Object[] {q, "NQ", "QUARTERLY"});
    taken.add(q);
    LocalDate eom = CmeCalendar.endOfMonth(date);
    if (eom.isBefore(date)) {
      eom = CmeCalendar.endOfMonth(date.plusMonths(1).withDayOfMonth(1));
    }
    if (!taken.contains(eom) && eom.isBefore(q)) {
      expiries.add(new Object[] {eom, "QNE", "EOM"});
      taken.add(eom);
    }
    LocalDate fri = date.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
    int added = 0;
    while (added < scale.weeklyExpiries && fri.isBefore(q)) {
      if (!taken.contains(fri)) {
        int week = (fri.getDayOfMonth() - 1) / 7 + 1;
        expiries.add(new Object[] {fri, "QN" + week, "WEEKLY"});
        taken.add(fri);
        added++;
      }
      fri = fri.plusWeeks(1);
    }
    expiries.sort((a, b) -> ((LocalDate) a[0]).compareTo((LocalDate) b[0]));

    double center = Math.round(f / NEAR_STEP) * NEAR_STEP;
    List<Double> strikes = strikes(center, scale.nearStrikes, scale.farStrikes);
    for (Object[] e : expiries) {
      LocalDate d = (LocalDate) e[0];
      String asset = (String) e[1];
      for (double k : strikes) {
        for (char cp : new char[] {'C', 'P'}) {
          String sym = asset + CmeCalendar.monthYear(d) + " " + cp + (long) k;
          u.all.add(
              new Instrument(
                  ids.idFor(sym),
                  sym,
                  cp,
                  asset,
                  k,
                  CmeCalendar.expiryNs(d),
                  nq,
                  Multipliers.NQ_USD,
                  (String) e[2]));
        }
      }
    }
    for (double k : strikes(center, scale.mnqStrikes, 0)) {
      for (char cp : new char[] {'C', 'P'}) {
        String sym = "MNQ" + my + " " + cp + (long) k;
        u.all.add(
            new Instrument(
                ids.idFor(sym), sym, cp, "MNQ", k, qNs, mnq, Multipliers.MNQ_USD, "QUARTERLY"));
      }
    }
    if (microChains) {
      u.addMicroChains(ids);
    }
    return u;
  }

  /**
   * Adds the MNQ option of every NQ option not already listed: same expiry (kind and date), strike
   * and right, on the MNQ future, $2 a point.
   */
  private void addMicroChains(IdRegistry ids) {
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (Instrument i : all) {
      listed.add(i.rawSymbol());
    }
    List<Instrument> micro = new ArrayList<>();
    for (Instrument i : all) {
      if (!i.isOption() || i.multiplier() != Multipliers.NQ_USD) {
        continue;
      }
      String asset = microAsset(i.asset());
      String sym = asset + i.rawSymbol().substring(i.asset().length());
      if (listed.add(sym)) {
        micro.add(
            new Instrument(
                ids.idFor(sym),
                sym,
                i.instrumentClass(),
                asset,
                i.strike(),
                i.expirationNs(),
                mnq,
                Multipliers.MNQ_USD,
                i.expiryKind()));
      }
    }
    all.addAll(micro);
  }

  /** The MNQ options product code of an NQ options product code ({@link #MICRO_ASSETS}). */
  static String microAsset(String nqAsset) {
    if (nqAsset.equals("NQ")) {
      return "MNQ";
    }
    if (nqAsset.startsWith("QN")) {
      return "MQ" + nqAsset.substring(2);
    }
    throw new IllegalArgumentException("no MNQ options product for NQ product '" + nqAsset + "'");
  }

  static List<Double> strikes(double center, int near, int far) {
    List<Double> out = new ArrayList<>();
    for (int i = -near; i <= near; i++) {
      out.add(center + i * NEAR_STEP);
    }
    double edgeUp = Math.ceil((center + near * NEAR_STEP + 1) / FAR_STEP) * FAR_STEP;
    double edgeDown = Math.floor((center - near * NEAR_STEP - 1) / FAR_STEP) * FAR_STEP;
    for (int i = 0; i < far; i++) {
      out.add(edgeUp + i * FAR_STEP);
      out.add(edgeDown - i * FAR_STEP);
    }
    out.sort(Double::compare);
    return out;
  }

  /** Assigns stable ids from raw symbols (FNV-1a hash), refusing silent collisions. */
  public static final class IdRegistry {
    private final Map<Integer, String> byId = new HashMap<>();
    private final Map<String, Integer> bySymbol = new HashMap<>();

    public int idFor(String rawSymbol) {
      Integer known = bySymbol.get(rawSymbol);
      if (known != null) {
        return known;
      }
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < rawSymbol.length(); i++) {
        h ^= rawSymbol.charAt(i);
        h *= 0x100000001b3L;
      }
      int id = 100_000 + (int) Math.floorMod(h, 2_000_000_000L);
      // Open addressing keeps ids deterministic for a given symbol order if two symbols collide.
      while (byId.containsKey(id)) {
        id++;
      }
      byId.put(id, rawSymbol);
      bySymbol.put(rawSymbol, id);
      return id;
    }
  }
}
