package io.nqflow.feed.replay;

/**
 * Replay speed: {@code max} (as fast as Kafka takes it) or {@code xN} (N times real time, by the
 * gaps between {@code ts_event}s).
 */
public record Speed(double multiplier) {
  public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

  public Speed {
    if (!(multiplier > 0)) {
      throw new IllegalArgumentException("speed must be > 0, got " + multiplier);
    }
  }

  /** Parses {@code max}, {@code x10}, {@code 10x} or {@code 10}. */
  public static Speed parse(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("max")) {
      return MAX;
    }
    String n =
        t.startsWith("x") ? t.substring(1) : t.endsWith("x") ? t.substring(0, t.length() - 1) : t;
    try {
      return new Speed(Double.parseDouble(n));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "speed must be 'max' or a multiplier like 'x10', got '" + s + "'");
    }
  }

  public boolean isMax() {
    return Double.isInfinite(multiplier);
  }
}
