package io.nqflow.risk.book;

import io.nqflow.market.Prices;
import java.util.Locale;

/** Dollar arithmetic of the gate: price differences to USD, the comparison tolerance, the text. */
public final class Usd {
  /**
   * Tolerance of every dollar comparison against a limit, so that a sum of doubles landing a hair
   * off an exact limit is not read as crossing it.
   */
  public static final double EPS = 1e-6;

  private Usd() {}

  /** The dollar value of a price difference (1e-9 points) over contracts at a multiplier. */
  public static double of(long priceDiff, long contracts, double multiplierUsd) {
    return priceDiff / (double) Prices.SCALE * contracts * multiplierUsd;
  }

  /** Dollars with two decimals, as audit details carry them. */
  public static String text(double usd) {
    return String.format(Locale.ROOT, "%.2f", usd);
  }
}
