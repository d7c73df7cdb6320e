package io.nqflow.databento;

import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.util.List;
import java.util.Objects;

/**
 * One live subscription: a schema, the symbology of the symbols, the symbols, and optionally an
 * intraday replay start or a snapshot.
 *
 * @param schema the record schema, e.g. {@link Schema#MBO}
 * @param stypeIn symbology of {@code symbols}: {@link SType#RAW_SYMBOL} ({@code NQM5}), {@link
 *     SType#PARENT} ({@code NQ.OPT}, {@code NQ.FUT}), {@link SType#CONTINUOUS} ({@code NQ.c.0}),
 *     {@link SType#INSTRUMENT_ID}
 * @param symbols the symbols, at least one ({@code ALL_SYMBOLS} for the whole dataset); sent in
 *     chunks of {@value #SYMBOLS_PER_LINE}
 * @param start replay start in ns since the UNIX epoch (intraday replay, last 24 hours), or null
 *     for live data from now; 0 asks for all data the gateway holds
 * @param snapshot ask for a book snapshot first (MBO only; not with {@code start})
 */
public record Subscription(
    Schema schema, SType stypeIn, List<String> symbols, Long start, boolean snapshot) {

  /** Symbols per subscription line: long symbol lists are split over several lines. */
  public static final int SYMBOLS_PER_LINE = 500;

  public Subscription {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(stypeIn, "stypeIn");
    symbols = List.copyOf(symbols);
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one symbol");
    }
    for (String s : symbols) {
      if (s.isBlank() || s.indexOf(',') >= 0 || s.indexOf('|') >= 0 || s.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "symbol '" + s + "' is blank or contains , | or newline");
      }
    }
    if (start != null && start < 0) {
      throw new IllegalArgumentException("start must be >= 0 ns, not " + start);
    }
    if (snapshot && start != null) {
      throw new IllegalArgumentException("a snapshot cannot be combined with a replay start");
    }
  }

  /** A live subscription (no replay, no snapshot). */
  public static Subscription of(Schema schema, SType stypeIn, List<String> symbols) {
    return new Subscription(schema, stypeIn, symbols, null, false);
  }

  /** This subscription replaying from {@code startNanos}. */
  public Subscription withStart(long startNanos) {
    return new Subscription(schema, stypeIn, symbols, startNanos, false);
  }
}
