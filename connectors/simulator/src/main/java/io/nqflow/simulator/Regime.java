package io.nqflow.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The market regime of one simulated session (docs/simulator.md "Regimes"); lower-case names on the
 * CLI, in truth.jsonl and in manifest.json.
 */
public enum Regime {
  QUIET,
  NORMAL,
  HIGH_VOL_TREND,
  GAP_OPEN,
  EXPIRATION,
  NEWS_JUMP,
  LUNCH_LULL;

  /** The name written to truth.jsonl and manifest.json, e.g. {@code high_vol_trend}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a regime name (any case, {@code -} or {@code _}). */
  public static Regime parse(String s) {
    for (Regime r : values()) {
      if (r.label().equals(s.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown regime '" + s + "' (expected one of " + labels() + " or mixed)");
  }

  /** Every regime name, comma separated. */
  public static String labels() {
    return String.join(", ", Arrays.stream(values()).map(Regime::label).toList());
  }

  /**
   * The order a mixed run cycles through: every regime once per seven days, shuffled by the seed
   * (its own stream, so the sessions' random streams are untouched).
   */
  static List<Regime> mixedOrder(long seed) {
    List<Regime> order = new ArrayList<>(List.of(values()));
    SplittableRandom r = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + 0x5EED);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Regime t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    return order;
  }
}
