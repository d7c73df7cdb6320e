package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nqflow.dbn.Schema;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.runner.DbnFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinePopulationTest {
  private static final long E9 = 1_000_000_000L;
  private static final long HOUR = 3600 * E9;
  private static final long DAY = 24 * HOUR;
  private static final long MON = 1_767_623_400L * E9; // 2026-01-05 14:30 UTC

  @TempDir Path dir;

  /** One session folder: definitions of (id, expiry) pairs, then one trade per traded id. */
  private Path session(int day, long[][] defs, long... traded) throws Exception {
    Path s = Files.createDirectories(dir.resolve("s" + day));
    long t0 = MON + day * DAY;
    List<DbnMessage> d = new ArrayList<>();
    for (long[] x : defs) {
      d.add(DbnFiles.def(x[0], 'C', "C" + x[0], "NQH6", 21_000 * E9, t0, x[1]));
    }
    DbnFiles.write(
        s.resolve("definition.dbn"), Schema.DEFINITION, t0, d.toArray(DbnMessage[]::new));
    List<DbnMessage> t = new ArrayList<>();
    for (int i = 0; i < traded.length; i++) {
      t.add(DbnFiles.trade(traded[i], t0 + (i + 1) * E9, 5 * E9, 1, 'B'));
    }
    DbnFiles.write(s.resolve("trades.dbn"), Schema.TRADES, t0, t.toArray(DbnMessage[]::new));
    return s;
  }

  @Test
  void countsInstrumentsThatTradedInTwoSessionsUntilTheirRetentionEnds() throws Exception {
    // Instrument 1 expires at the end of day 1 (30 h after Monday's open), 2 and 3 much later.
    long exp1 = MON + 30 * HOUR;
    long[][] defs = {{1, exp1}, {2, MON + 30 * DAY}, {3, MON + 30 * DAY}};
    List<Path> sessions =
        List.of(
            session(0, defs, 1, 2), // first trades: no baseline yet
            session(1, new long[0][], 1, 3), // 1 traded again: 1 has a baseline
            session(2, new long[0][], 2, 3), // 2 and 3 again; 1 expired 20 h + before? see below
            session(3, new long[0][], 2)); // nothing new
    // With a 1 h retention, instrument 1 (expired day 1, 16:00 UTC... +30 h = day 1 20:30) is gone
    // by day 2's first trade (14:30 + 1 s); 2 and 3 then hold baselines.
    BaselinePopulation oneHour = BaselinePopulation.read(sessions, HOUR);
    assertArrayEquals(new long[] {0, 1, 2, 2}, oneHour.perSession());
    // With a 3-day retention instrument 1 is still held on days 2 and 3.
    BaselinePopulation threeDays = BaselinePopulation.read(sessions, 3 * DAY);
    assertArrayEquals(new long[] {0, 1, 3, 3}, threeDays.perSession());
  }

  @Test
  void addsTheCountToTheSamplesBySessionNumber() {
    BaselinePopulation p = new BaselinePopulation(new long[] {0, 5, 7});
    SampleTable t =
        new SampleTable(
            List.of("t_s", "session"),
            List.of(
                new double[] {0, 1},
                new double[] {10, 3},
                new double[] {20, Double.NaN},
                new double[] {30, 4}));
    SampleTable withCount = p.addTo(t);
    double[] c = withCount.column(BaselinePopulation.COLUMN);
    assertEquals(0, c[0]);
    assertEquals(7, c[1]);
    assertTrue(Double.isNaN(c[2]));
    assertTrue(Double.isNaN(c[3]), "session 4 was not read");
  }

  @Test
  void aSessionWithoutTradesFileIsAnError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    var e =
        assertThrows(
            java.io.IOException.class, () -> BaselinePopulation.read(List.of(empty), HOUR));
    assertTrue(e.getMessage().contains("trades.dbn"), e.getMessage());
  }
}
