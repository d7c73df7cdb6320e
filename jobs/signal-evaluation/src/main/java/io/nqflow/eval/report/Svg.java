package io.nqflow.eval.report;

import static io.nqflow.eval.report.Html.esc;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG (no script, no external resource). Every chart is an {@code
 * <svg class="chart" data-chart="KIND">} of {@value #W} x {@value #H} user units with its title; a
 * chart without data says so in a text element.
 */
final class Svg {
  static final int W = 560;
  static final int H = 220;
  private static final int LEFT = 64;
  private static final int RIGHT = 12;
  private static final int TOP = 26;
  private static final int BOTTOM = 34;
  static final String UP = "#2e7d32";
  static final String DOWN = "#c62828";
  static final String LINE = "#1565c0";
  static final String MARK = "#ef6c00";

  private Svg() {}

  /** Line chart of ys against their index 1..n (an area down to 0 when {@code area}). */
  static String line(
      String kind, String title, double[] ys, String xLabel, String yLabel, boolean area) {
    StringBuilder b = open(kind, title);
    if (ys.length == 0) {
      return empty(b);
    }
    Scale y = Scale.of(ys);
    frame(b, y, xLabel, yLabel, "1", String.valueOf(ys.length));
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < ys.length; i++) {
      d.append(i == 0 ? "M" : " L").append(f(x(i, ys.length))).append(',').append(f(y.at(ys[i])));
    }
    if (area) {
      String closed =
          d
              + " L"
              + f(x(ys.length - 1, ys.length))
              + ","
              + f(y.at(0))
              + " L"
              + f(x(0, ys.length))
              + ","
              + f(y.at(0))
              + " Z";
      b.append("<path class=\"area\" d=\"")
          .append(closed)
          .append("\" fill=\"")
          .append(DOWN)
          .append("\" fill-opacity=\"0.35\" stroke=\"none\"/>");
    }
    b.append("<path class=\"series\" d=\"")
        .append(d)
        .append("\" fill=\"none\" stroke=\"")
        .append(area ? DOWN : LINE)
        .append("\" stroke-width=\"1.6\"/>");
    if (ys.length == 1) {
      b.append(circle(x(0, 1), y.at(ys[0]), area ? DOWN : LINE));
    }
    return close(b);
  }

  /** One bar per value against its index 1..n, green above 0, red below. */
  static String bars(String kind, String title, double[] ys, String xLabel, String yLabel) {
    StringBuilder b = open(kind, title);
    if (ys.length == 0) {
      return empty(b);
    }
    Scale y = Scale.of(ys);
    frame(b, y, xLabel, yLabel, "1", String.valueOf(ys.length));
    double slot = (W - LEFT - RIGHT) / (double) ys.length;
    double w = Math.max(0.8, slot * 0.8);
    for (int i = 0; i < ys.length; i++) {
      double top = Math.min(y.at(ys[i]), y.at(0));
      double h = Math.max(0.8, Math.abs(y.at(ys[i]) - y.at(0)));
      b.append(rect(LEFT + slot * i + (slot - w) / 2, top, w, h, ys[i] >= 0 ? UP : DOWN));
    }
    return close(b);
  }

  /**
   * Horizontal bars of fractions (0..1) per label, e.g. hit rates, with a dashed line at {@code
   * target} and the value as text after each bar (NaN: no bar, "n/a").
   */
  static String rates(
      String kind, String title, List<String> labels, double[] values, double target) {
    int rows = labels.size();
    int height = Math.max(H, TOP + BOTTOM + rows * 22);
    StringBuilder b = open(kind, title, height);
    if (rows == 0) {
      return empty(b);
    }
    int left = 170;
    double span = W - left - 70;
    double row = (height - TOP - BOTTOM) / (double) rows;
    for (int i = 0; i < rows; i++) {
      double cy = TOP + row * i + row / 2;
      b.append(text(left - 6, cy + 4, "end", labels.get(i)));
      double v = values[i];
      if (Double.isFinite(v)) {
        b.append(rect(left, cy - 7, Math.max(0.8, span * v), 14, v > target ? UP : LINE));
      }
      b.append(text(left + span * (Double.isFinite(v) ? v : 0) + 4, cy + 4, "start", Html.pct(v)));
    }
    double tx = left + span * target;
    b.append("<line x1=\"")
        .append(f(tx))
        .append("\" y1=\"")
        .append(TOP)
        .append("\" x2=\"")
        .append(f(tx))
        .append("\" y2=\"")
        .append(height - BOTTOM)
        .append("\" stroke=\"")
        .append(MARK)
        .append("\" stroke-dasharray=\"4 3\"/>");
    b.append(text(tx, height - BOTTOM + 14, "middle", "target " + Html.pct(target)));
    return close(b);
  }

  /** Histogram: counts of equal-width bins from lo to hi, in {@code unit}. */
  static String histogram(
      String kind, String title, long[] counts, double lo, double hi, String unit) {
    StringBuilder b = open(kind, title);
    long max = 0;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    if (max == 0) {
      return empty(b);
    }
    Scale y = new Scale(0, max);
    frame(b, y, unit, "signals", Html.num(lo, 1), Html.num(hi, 1));
    double slot = (W - LEFT - RIGHT) / (double) counts.length;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        double top = y.at(counts[i]);
        b.append(rect(LEFT + slot * i + 0.5, top, Math.max(0.8, slot - 1), y.at(0) - top, LINE));
      }
    }
    return close(b);
  }

  /**
   * Targets against measured values: per row a bar of the measured value on a scale to 1.5 x the
   * larger of target and measured, and a dashed mark at the target.
   */
  static String targets(String kind, String title, List<Targets.Row> rows) {
    int height = TOP + BOTTOM + rows.size() * 40;
    StringBuilder b = open(kind, title, height);
    int left = 110;
    double span = W - left - 130;
    for (int i = 0; i < rows.size(); i++) {
      Targets.Row r = rows.get(i);
      double cy = TOP + 40 * i + 20;
      double m = r.measured();
      double scale = Math.max(r.target(), Double.isFinite(m) ? Math.max(m, 0) : 0) * 1.25;
      b.append(text(left - 6, cy + 4, "end", r.name()));
      if (Double.isFinite(m) && m > 0) {
        b.append(rect(left, cy - 8, Math.max(0.8, span * m / scale), 16, r.met() ? UP : DOWN));
      }
      double tx = left + span * r.target() / scale;
      b.append("<line x1=\"")
          .append(f(tx))
          .append("\" y1=\"")
          .append(f(cy - 13))
          .append("\" x2=\"")
          .append(f(tx))
          .append("\" y2=\"")
          .append(f(cy + 13))
          .append("\" stroke=\"")
          .append(MARK)
          .append("\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>");
      String shown = r.percent() ? Html.pct(m) : Html.ratio(m);
      String target = r.percent() ? Html.pct(r.target()) : Html.ratio(r.target());
      b.append(text(left + span + 4, cy + 4, "start", shown + " / > " + target));
    }
    return close(b);
  }

  // ---- plumbing

  private record Scale(double lo, double hi) {
    static Scale of(double[] ys) {
      double lo = 0;
      double hi = 0;
      for (double v : ys) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      if (hi == lo) {
        hi = lo + 1;
      }
      return new Scale(lo, hi);
    }

    double at(double v) {
      return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    }
  }

  private static double x(int i, int n) {
    return n == 1
        ? LEFT + (W - LEFT - RIGHT) / 2.0
        : LEFT + (W - LEFT - RIGHT) * i / (double) (n - 1);
  }

  private static StringBuilder open(String kind, String title) {
    return open(kind, title, H);
  }

  private static StringBuilder open(String kind, String title, int height) {
    StringBuilder b = new StringBuilder(2048);
    b.append("<svg class=\"chart\" data-chart=\"")
        .append(esc(kind))
        .append("\" role=\"img\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(height)
        .append("\"><title>")
        .append(esc(title))
        .append("</title>");
    b.append(text(W / 2.0, 16, "middle", title).replace("<text ", "<text font-weight=\"bold\" "));
    return b;
  }

  private static String close(StringBuilder b) {
    return b.append("</svg>").toString();
  }

  private static String empty(StringBuilder b) {
    b.append(text(W / 2.0, H / 2.0, "middle", "no data"));
    return close(b);
  }

  private static void frame(
      StringBuilder b, Scale y, String xLabel, String yLabel, String x0, String x1) {
    int bottom = H - BOTTOM;
    b.append("<g class=\"axes\" stroke=\"#555\" stroke-width=\"1\">")
        .append("<line x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(TOP)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y2=\"")
        .append(bottom)
        .append("\"/>")
        .append("<line x1=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(f(y.at(0)))
        .append("\" x2=\"")
        .append(W - RIGHT)
        .append("\" y2=\"")
        .append(f(y.at(0)))
        .append("\" stroke-dasharray=\"2 2\"/>")
        .append("</g>");
    b.append(text(LEFT - 4, y.at(y.hi()) + 4, "end", Html.num(y.hi(), 2)));
    if (y.lo() != 0 && y.hi() != 0) {
      b.append(text(LEFT - 4, y.at(0) + 4, "end", "0"));
    }
    b.append(text(LEFT - 4, y.at(y.lo()) + 4, "end", Html.num(y.lo(), 2)));
    b.append(text(LEFT, bottom + 14, "start", x0));
    b.append(text(W - RIGHT, bottom + 14, "end", x1));
    b.append(text((LEFT + W - RIGHT) / 2.0, bottom + 28, "middle", xLabel));
    b.append(text(12, TOP - 8, "start", yLabel));
  }

  private static String rect(double x, double y, double w, double h, String fill) {
    return "<rect x=\""
        + f(x)
        + "\" y=\""
        + f(y)
        + "\" width=\""
        + f(w)
        + "\" height=\""
        + f(h)
        + "\" fill=\""
        + fill
        + "\"/>";
  }

  private static String circle(double x, double y, String fill) {
    return "<circle cx=\"" + f(x) + "\" cy=\"" + f(y) + "\" r=\"3\" fill=\"" + fill + "\"/>";
  }

  private static String text(double x, double y, String anchor, String s) {
    return "<text x=\""
        + f(x)
        + "\" y=\""
        + f(y)
        + "\" text-anchor=\""
        + anchor
        + "\" font-size=\"11\">"
        + esc(s)
        + "</text>";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
