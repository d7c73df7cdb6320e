package io.nqflow.runner.soak;

import java.util.List;

/**
 * The samples of a soak so far: one row of values per sample, in the order of {@link #columns()};
 * column 0 is the time since the start (s). Values are NaN when not measured.
 *
 * @param columns the column names (the CSV header)
 * @param rows the samples
 */
public record SampleTable(List<String> columns, List<double[]> rows) {
  /** The values of one column over the samples. */
  public double[] column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column '" + name + "' in the soak samples");
    }
    double[] v = new double[rows.size()];
    for (int r = 0; r < v.length; r++) {
      v[r] = rows.get(r)[i];
    }
    return v;
  }
}
