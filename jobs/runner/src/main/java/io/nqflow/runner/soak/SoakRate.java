package io.nqflow.runner.soak;

import java.util.Locale;

/**
 * The replay rate of a soak: {@code live} (the simulated sessions in real time, x1), {@code xK} (K
 * times real time) or {@code N/s} (about N md.events per second on average: the multiple of real
 * time that gives N for the simulated session's own event rate).
 *
 * @param multiplier a multiple of real time, or NaN when given as events per second
 * @param eventsPerSecond the wanted average events per second, or NaN when given as a multiple
 */
public record SoakRate(double multiplier, double eventsPerSecond) {
  /** Parses {@code live}, {@code xK} or {@code N/s}. */
  public static SoakRate parse(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("live")) {
        return new SoakRate(1, Double.NaN);
      }
      if (t.startsWith("x")) {
        double m = Double.parseDouble(t.substring(1));
        if (m > 0 && Double.isFinite(m)) {
          return new SoakRate(m, Double.NaN);
        }
      } else if (t.endsWith("/s")) {
        double n = Double.parseDouble(t.substring(0, t.length() - 2));
        if (n > 0 && Double.isFinite(n)) {
          return new SoakRate(Double.NaN, n);
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "--rate must be 'live', a multiple of real time like 'x2', or events per second like"
            + " '1500/s'; got '"
            + s
            + "'");
  }

  /** As given on the command line: {@code live}, {@code xK} or {@code N/s}. */
  @Override
  public String toString() {
    if (Double.isNaN(multiplier)) {
      return SoakCsv.format(eventsPerSecond) + "/s";
    }
    return multiplier == 1 ? "live" : "x" + SoakCsv.format(multiplier);
  }

  /** The multiple of real time to replay at, for sessions of {@code liveEventsPerSecond}. */
  public double multiplierFor(double liveEventsPerSecond) {
    if (!Double.isNaN(multiplier)) {
      return multiplier;
    }
    if (!(liveEventsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "cannot pace to " + eventsPerSecond + " events/s: the simulated session has no events");
    }
    return eventsPerSecond / liveEventsPerSecond;
  }
}
