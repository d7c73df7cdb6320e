package io.nqflow.runner.soak;

import java.util.Locale;

/**
 * A self-contained SVG line chart of one series over the run (no scripts, fonts or links to load):
 * the samples as a polyline, the least-squares line dashed, the axes with the time in minutes and
 * the value range, and a title with the fitted slope.
 */
public final class SvgChart {
  static final int WIDTH = 720;
  static final int HEIGHT = 320;
  static final int LEFT = 90;
  static final int RIGHT = 20;
  static final int TOP = 40;
  static final int BOTTOM = 45;

  private SvgChart() {}

  /**
   * Draws the chart.
   *
   * @param title what the series is, e.g. {@code heap used after GC}
   * @param unit the unit of the values, e.g. {@code MiB}
   * @param seconds time of each sample since the start of the run
   * @param values the series (NaN: no value, left out)
   * @param trend the fitted line to draw dashed, or null for none
   */
  public static String render(
      String title, String unit, double[] seconds, double[] values, Trend trend) {
    double tMax = 0;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      tMax = Math.max(tMax, seconds[i]);
      if (!Double.isNaN(values[i])) {
        yMin = Math.min(yMin, values[i]);
        yMax = Math.max(yMax, values[i]);
      }
    }
    if (yMin > yMax) {
      yMin = 0;
      yMax = 1;
    }
    // A flat series gets a band around its value, and the axis starts at 0 when that is close.
    if (yMin >= 0 && yMin < 0.5 * yMax) {
      yMin = 0;
    }
    if (yMax - yMin < 1e-9) {
      double pad = Math.max(1, Math.abs(yMax) * 0.05);
      yMin -= pad;
      yMax += pad;
    }
    if (tMax <= 0) {
      tMax = 1;
    }
    Scale s = new Scale(tMax, yMin, yMax);
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    String heading =
        title
            + (trend == null
                ? ""
                : String.format(
                    Locale.ROOT, " (slope %s %s/h)", number(trend.slopePerHour()), unit));
    b.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"22\" font-size=\"14\">")
        .append(escape(heading))
        .append("</text>\n");
    // Axes and the value range.
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = HEIGHT - BOTTOM;
    int y1 = TOP;
    b.append(line(x0, y0, x1, y0, "black", false)).append(line(x0, y0, x0, y1, "black", false));
    for (int i = 0; i <= 4; i++) {
      double v = yMin + (yMax - yMin) * i / 4;
      double y = s.y(v);
      b.append(line(x0 - 4, y, x1, y, i == 0 ? "black" : "#dddddd", false));
      b.append(text(x0 - 6, y + 4, "end", number(v)));
    }
    for (int i = 0; i <= 5; i++) {
      double t = tMax * i / 5;
      double x = s.x(t);
      b.append(line(x, y0, x, y0 + 4, "black", false));
      b.append(text(x, y0 + 18, "middle", number(t / 60)));
    }
    b.append(text((x0 + x1) / 2.0, HEIGHT - 8, "middle", "minutes since start"));
    b.append(text(12, TOP - 8, "start", unit));
    // The samples.
    b.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"");
    boolean first = true;
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      if (!first) {
        b.append(' ');
      }
      first = false;
      b.append(coord(s.x(seconds[i]))).append(',').append(coord(s.y(values[i])));
    }
    b.append("\"/>\n");
    if (trend != null) {
      double per = trend.slopePerHour() / 3600;
      b.append(
          line(
              s.x(0),
              s.y(trend.intercept()),
              s.x(tMax),
              s.y(trend.intercept() + per * tMax),
              "#d04020",
              true));
    }
    b.append("</svg>\n");
    return b.toString();
  }

  /** Maps run time and values to drawing coordinates. */
  private record Scale(double tMax, double yMin, double yMax) {
    double x(double t) {
      return LEFT + (WIDTH - LEFT - RIGHT) * t / tMax;
    }

    double y(double v) {
      return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (v - yMin) / (yMax - yMin);
    }
  }

  private static String line(
      double xa, double ya, double xb, double yb, String color, boolean dash) {
    return "<line x1=\""
        + coord(xa)
        + "\" y1=\""
        + coord(ya)
        + "\" x2=\""
        + coord(xb)
        + "\" y2=\""
        + coord(yb)
        + "\" stroke=\""
        + color
        + "\""
        + (dash ? " stroke-dasharray=\"6 4\"" : "")
        + "/>\n";
  }

  private static String text(double x, double y, String anchor, String s) {
    return "<text x=\""
        + coord(x)
        + "\" y=\""
        + coord(y)
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + escape(s)
        + "</text>\n";
  }

  static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A value for a label: 4 significant digits at most, no exponent for everyday sizes. */
  static String number(double v) {
    double a = Math.abs(v);
    if (a >= 1e4 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** Text for an SVG text node or attribute. */
  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
