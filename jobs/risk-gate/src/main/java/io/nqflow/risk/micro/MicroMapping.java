package io.nqflow.risk.micro;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.market.CmeCalendar;
import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * The mapping rule of {@code risk.execute_in: MICRO} (docs/risk.md): an NQ option's signal is
 * executed in the MNQ option with the same expiration date (New York time, so the weekly,
 * end-of-month or quarterly cycle of that date), the same right, and the listed strike nearest the
 * signal's (a tie goes to the strike further out of the money, the cheaper one); it is priced at
 * its own ask (a buy) or bid (a sell), or its last trade when that side is empty.
 *
 * @param micro the chosen MNQ option, null when none matches
 * @param price its price for the order, 1e-9 points (0 when unpriced)
 * @param failure why there is none (or no price), null on success
 */
public record MicroMapping(MicroQuote micro, long price, String failure) {
  /** Audit detail: the MNQ option executed in, or the reason none is. */
  public static final String EXECUTED_IN = "executed_in";

  /** Audit detail: the NQ option the flow was seen on. */
  public static final String SIGNAL_RAW_SYMBOL = "signal_raw_symbol";

  /** Audit detail: the whole mapping in one line ({@link #describe}). */
  public static final String MAPPING = "micro_mapping";

  /** Records the mapping in an audit's details. */
  public void details(FlowSignal s, Map<String, String> d) {
    d.put(EXECUTED_IN, micro != null ? micro.rawSymbol : "none");
    d.put(SIGNAL_RAW_SYMBOL, s.getRawSymbol());
    d.put(MAPPING, describe(s));
  }

  /** Whether a signal is on an NQ option, the flow MICRO maps. */
  public static boolean mapsSignal(FlowSignal s) {
    return Multipliers.ofSymbol(s.getUnderlying()) == Multipliers.NQ_USD
        && (s.getInstrumentClass() == InstrumentClass.CALL
            || s.getInstrumentClass() == InstrumentClass.PUT);
  }

  /** Finds the MNQ option of an NQ option's signal among the listed ones. */
  public static MicroMapping of(FlowSignal s, boolean buy, Map<Long, MicroQuote> listed) {
    if (s.getExpiration() == null || s.getStrikePrice() == null) {
      return new MicroMapping(
          null, 0, "signal on " + s.getRawSymbol() + " has no expiration or strike to map");
    }
    boolean call = s.getInstrumentClass() == InstrumentClass.CALL;
    LocalDate day = nyDate(s.getExpiration());
    long strike = s.getStrikePrice();
    MicroQuote best = null;
    long bestGap = Long.MAX_VALUE;
    int candidates = 0;
    for (MicroQuote q : listed.values()) {
      if (q.call != call || !nyDate(q.expiration).equals(day)) {
        continue;
      }
      candidates++;
      long gap = Math.abs(q.strike - strike);
      if (best == null || gap < bestGap || (gap == bestGap && furtherOut(q, best))) {
        best = q;
        bestGap = gap;
      }
    }
    if (best == null) {
      return new MicroMapping(
          null,
          0,
          String.format(
              Locale.ROOT,
              "no MNQ %s listed expiring %s for %s (%d MNQ options known)",
              call ? "call" : "put",
              day,
              s.getRawSymbol(),
              listed.size()));
    }
    long price = best.price(buy);
    if (price <= 0) {
      return new MicroMapping(
          best,
          0,
          String.format(
              Locale.ROOT,
              "MNQ option %s (for %s) has no %s and no trade yet",
              best.rawSymbol,
              s.getRawSymbol(),
              buy ? "ask" : "bid"));
    }
    return new MicroMapping(best, price, null);
  }

  /** A one-line account of the mapping for rationales and audits. */
  public String describe(FlowSignal s) {
    if (micro == null) {
      return failure;
    }
    return String.format(
        Locale.ROOT,
        "executed in %s (MNQ, $%d/pt) for %s: strike %s for %s, price %s",
        micro.rawSymbol,
        Multipliers.MNQ_USD,
        s.getRawSymbol(),
        Prices.toDouble(micro.strike),
        Prices.toDouble(s.getStrikePrice()),
        Prices.toDouble(price));
  }

  private static boolean furtherOut(MicroQuote a, MicroQuote b) {
    return a.call ? a.strike > b.strike : a.strike < b.strike;
  }

  private static LocalDate nyDate(long epochNs) {
    return Instant.ofEpochSecond(0, epochNs).atZone(CmeCalendar.NEW_YORK).toLocalDate();
  }
}
