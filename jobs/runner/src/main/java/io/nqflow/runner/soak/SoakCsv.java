package io.nqflow.runner.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The soak's samples as CSV (RFC 4180: comma-separated, a field with a comma, quote or line break
 * quoted, quotes doubled), one header line then one line per sample, flushed after each line so a
 * run cut short keeps what it sampled. Missing values are empty fields.
 */
public final class SoakCsv implements AutoCloseable {
  private final BufferedWriter out;
  private final List<String> columns;

  /** Writes the header at once. */
  public SoakCsv(Writer out, List<String> columns) {
    this.out = new BufferedWriter(out);
    this.columns = List.copyOf(columns);
    line(this.columns.stream().map(SoakCsv::quote).toList());
  }

  /** Appends one sample: {@code values[i]} is the value of column i; NaN writes an empty field. */
  public void row(double[] values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "CSV row has " + values.length + " values for " + columns.size() + " columns");
    }
    String[] f = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = format(values[i]);
    }
    line(List.of(f));
  }

  /** A number as CSV text: integers without a fraction, others with up to 3 decimals. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** A field, quoted when it has to be. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private void line(List<String> fields) {
    try {
      out.write(String.join(",", fields));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the soak CSV: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
