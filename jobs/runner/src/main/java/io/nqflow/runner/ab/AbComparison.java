package io.nqflow.runner.ab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What {@code nqflow ab compare} reports: both sides' figures and B − A of accuracy and mean
 * P&amp;L per signal, each with its bootstrap interval ({@link Bootstrap}); as a text table or JSON
 * (docs/evaluation.md, "A/B comparison").
 */
public record AbComparison(
    VariantOutcomes a,
    VariantOutcomes b,
    Bootstrap.Result intervals,
    int resamples,
    double level,
    long seed) {

  /** Compares {@code b} against {@code a}. */
  public static AbComparison of(
      VariantOutcomes a, VariantOutcomes b, int resamples, double level, long seed) {
    for (VariantOutcomes v : new VariantOutcomes[] {a, b}) {
      if (v.decided() == 0) {
        throw new IllegalArgumentException(
            v.label()
                + " ("
                + v.source()
                + ") has no decided outcome (TARGET, STOP or EXPIRY) to compare; "
                + v.signals()
                + " signal(s) in all");
      }
    }
    return new AbComparison(
        a,
        b,
        Bootstrap.differences(a.pnlUsd(), b.pnlUsd(), resamples, level, seed),
        resamples,
        level,
        seed);
  }

  /** B − A of the accuracy. */
  public double accuracyDifference() {
    return b.accuracy() - a.accuracy();
  }

  /** B − A of the mean P&amp;L per signal, USD. */
  public double pnlDifferenceUsd() {
    return b.meanPnlUsd() - a.meanPnlUsd();
  }

  /** The text table. */
  public void printText(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%-6s %8s %8s %9s %15s  %s%n",
        "side",
        "signals",
        "decided",
        "accuracy",
        "P&L/signal USD",
        "source (variants)");
    for (VariantOutcomes v : new VariantOutcomes[] {a, b}) {
      out.printf(
          Locale.ROOT,
          "%-6s %8d %8d %9.4f %15.2f  %s (%s)%n",
          v.label(),
          v.signals(),
          v.decided(),
          v.accuracy(),
          v.meanPnlUsd(),
          v.source(),
          String.join(", ", v.variants()));
    }
    String pct = String.format(Locale.ROOT, "%s%%", trim(level * 100));
    out.printf(
        Locale.ROOT,
        "B - A  accuracy %+.4f [%+.4f, %+.4f]%s   P&L/signal %+.2f USD [%+.2f, %+.2f]%s%n",
        accuracyDifference(),
        intervals.accuracy().low(),
        intervals.accuracy().high(),
        intervals.accuracy().excludesZero() ? " *" : "",
        pnlDifferenceUsd(),
        intervals.pnlPerSignalUsd().low(),
        intervals.pnlPerSignalUsd().high(),
        intervals.pnlPerSignalUsd().excludesZero() ? " *" : "");
    out.printf(
        Locale.ROOT,
        "[low, high]: %s bootstrap percentile interval, %d resamples, seed %d; * = excludes 0%n",
        pct,
        resamples,
        seed);
    out.flush();
  }

  /** The JSON document. */
  public String toJson() {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      side(g, "a", a);
      side(g, "b", b);
      g.writeObjectFieldStart("difference");
      difference(g, "accuracy", accuracyDifference(), intervals.accuracy());
      difference(g, "pnl_per_signal_usd", pnlDifferenceUsd(), intervals.pnlPerSignalUsd());
      g.writeEndObject();
      g.writeObjectFieldStart("bootstrap");
      g.writeStringField("method", "percentile, independent resampling of each side");
      g.writeNumberField("resamples", resamples);
      g.writeNumberField("level", level);
      g.writeNumberField("seed", seed);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w + System.lineSeparator();
  }

  private static void side(JsonGenerator g, String name, VariantOutcomes v) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeStringField("source", v.source());
    g.writeArrayFieldStart("variants");
    for (String s : v.variants()) {
      g.writeString(s);
    }
    g.writeEndArray();
    g.writeNumberField("signals", v.signals());
    g.writeNumberField("decided", v.decided());
    g.writeNumberField("wins", v.wins());
    g.writeNumberField("accuracy", v.accuracy());
    g.writeNumberField("pnl_per_signal_usd", v.meanPnlUsd());
    g.writeEndObject();
  }

  private static void difference(JsonGenerator g, String name, double est, Bootstrap.Interval ci)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("estimate", est);
    g.writeNumberField("low", ci.low());
    g.writeNumberField("high", ci.high());
    g.writeBooleanField("excludes_zero", ci.excludesZero());
    g.writeEndObject();
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
