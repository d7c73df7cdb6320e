package io.nqflow.eval.report;

import java.util.Locale;

/** Escaping and number formats of the report (every text on the page goes through {@link #esc}). */
public final class Html {
  /** Shown for an undefined figure. */
  public static final String NA = "n/a";

  private Html() {}

  /** Escapes text for HTML content and double-quoted attributes (also inside SVG). */
  public static String esc(CharSequence s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append("&#xfffd;");
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A number with {@code decimals} decimals, {@link #NA} when not finite. */
  public static String num(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return NA;
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    // no "-0.00"
    return s.matches("-0(\\.0+)?") ? s.substring(1) : s;
  }

  /** USD, two decimals. */
  public static String usd(double v) {
    return num(v, 2);
  }

  /** A fraction as a percentage with one decimal, e.g. {@code 66.7%}. */
  public static String pct(double fraction) {
    return Double.isFinite(fraction) ? num(fraction * 100, 1) + "%" : NA;
  }

  /** A ratio, two decimals. */
  public static String ratio(double v) {
    return num(v, 2);
  }

  /** An event-time duration, e.g. {@code 1h 02m 03s} or {@code 2d 03h 04m}. */
  public static String duration(long ns) {
    long s = Math.max(0, ns) / 1_000_000_000L;
    long d = s / 86_400;
    long h = s % 86_400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (d > 0) {
      return String.format(Locale.ROOT, "%dd %02dh %02dm", d, h, m);
    }
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, sec);
    }
    return String.format(Locale.ROOT, "%dm %02ds", m, sec);
  }
}
