package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakCsvTest {
  @Test
  void writesHeaderAndRowsQuotingWhereNeeded() throws Exception {
    StringWriter w = new StringWriter();
    try (SoakCsv csv = new SoakCsv(w, List.of("t_s", "a,b", "q\"x"))) {
      csv.row(new double[] {0, 1.5, Double.NaN});
      csv.row(new double[] {12.3456, -2, 1e3});
    }
    assertEquals("t_s,\"a,b\",\"q\"\"x\"\n0,1.500,\n12.346,-2,1000\n", w.toString());
  }

  @Test
  void eachLineIsWrittenAtOnce() {
    StringWriter w = new StringWriter();
    SoakCsv csv = new SoakCsv(w, List.of("t_s"));
    csv.row(new double[] {7});
    // Not closed: a run cut short keeps its samples.
    assertEquals("t_s\n7\n", w.toString());
  }

  @Test
  void refusesARowOfTheWrongWidth() {
    SoakCsv csv = new SoakCsv(new StringWriter(), List.of("a", "b"));
    assertThrows(IllegalArgumentException.class, () -> csv.row(new double[] {1}));
  }
}
