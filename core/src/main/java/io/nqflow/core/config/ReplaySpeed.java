package io.nqflow.core.config;

/**
 * How fast a replay source publishes: {@code max} (as fast as possible) or {@code x<N>}, N times
 * real time (e.g. {@code x10}, {@code x0.5}).
 *
 * @param max true for as fast as possible
 * @param multiplier real-time multiplier when not {@code max}; 0 when {@code max}
 */
public record ReplaySpeed(boolean max, double multiplier) {

  /** As fast as possible. */
  public static final ReplaySpeed MAX = new ReplaySpeed(true, 0);

  public ReplaySpeed {
    if (!max && !(multiplier > 0 && multiplier <= 1_000_000)) {
      throw new IllegalArgumentException(
          "replay speed multiplier must be in (0, 1000000], got " + multiplier);
    }
    if (max) {
      multiplier = 0;
    }
  }

  /** N times real time. */
  public static ReplaySpeed times(double multiplier) {
    return new ReplaySpeed(false, multiplier);
  }

  /**
   * Parses {@code max} or {@code x<N>}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static ReplaySpeed parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("max")) {
      return MAX;
    }
    if (t.startsWith("x") && t.length() > 1) {
      try {
        return times(Double.parseDouble(t.substring(1)));
      } catch (NumberFormatException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException(
        "expected \"max\" or a multiplier like \"x10\", got \"" + text + "\"");
  }

  @Override
  public String toString() {
    if (max) {
      return "max";
    }
    return multiplier == Math.rint(multiplier) ? "x" + (long) multiplier : "x" + multiplier;
  }
}
