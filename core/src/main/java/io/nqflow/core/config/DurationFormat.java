package io.nqflow.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints config durations: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code
 * 30d}.
 */
public final class DurationFormat {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private DurationFormat() {}

  /**
   * Parses {@code <integer><unit>} with unit ms, s, m, h or d; ISO-8601 ({@code PT10S}) is also
   * accepted.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parse(String text) {
    String t = text.trim();
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
      }
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new IllegalStateException("unit " + m.group(2));
      };
    }
    if (t.startsWith("P") || t.startsWith("-P")) {
      try {
        return Duration.parse(t);
      } catch (RuntimeException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException(
        "expected a duration like 500ms, 10s, 5m, 1h or 30d, got \"" + text + "\"");
  }

  /** Prints the largest unit that represents the duration exactly, e.g. {@code 90s}, {@code 5m}. */
  public static String format(Duration d) {
    if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }
}
