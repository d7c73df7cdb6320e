package io.nqflow.market;

import java.util.Locale;

/** Contract multipliers of the CME Nasdaq-100 futures and their options, USD per index point. */
public final class Multipliers {
  /** E-mini Nasdaq-100 (NQ) and its options: $20 per point. */
  public static final int NQ_USD = 20;

  /** Micro E-mini Nasdaq-100 (MNQ) and its options: $2 per point. */
  public static final int MNQ_USD = 2;

  private Multipliers() {}

  /**
   * The multiplier of a symbol by its root, case-insensitive: {@code MNQ...} is $2, {@code NQ...}
   * is $20, anything else 0 (unknown). MNQ is tested first because it does not start with NQ but a
   * careless prefix test on "NQ" anywhere would match it.
   */
  public static int ofSymbol(String symbol) {
    if (symbol == null) {
      return 0;
    }
    String s = symbol.toUpperCase(Locale.ROOT);
    if (s.startsWith("MNQ")) {
      return MNQ_USD;
    }
    if (s.startsWith("NQ")) {
      return NQ_USD;
    }
    return 0;
  }
}
