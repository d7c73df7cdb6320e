package io.nqflow.runner.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {
  private static final double N = Double.NaN;

  private static final List<String> COLUMNS =
      List.of(
          "t_s",
          "heap_after_gc_mib",
          "events_total",
          "signals_total",
          "approved_total",
          "events_per_s",
          "rss_mib",
          "load1",
          "lag_flow-detection",
          "keys_flow-detection",
          "keys_expired_flow-detection",
          "keys_overdue_flow-detection",
          "keys_chain-analytics",
          "keys_expired_chain-analytics",
          "keys_overdue_chain-analytics",
          "state_mib:flow-detection/event-router");

  private static SampleTable table() {
    return new SampleTable(
        COLUMNS,
        List.of(
            new double[] {0, 500, 0, 0, 0, N, 1, 1, 50, N, N, N, 0, 0, 0, 0},
            new double[] {10, 100, 1000, 2, 1, 100, 1, 1, 0, 1000, 0, 0, 1178, 0, 0, 1},
            new double[] {20, 100, 2000, 3, 1, 100, 1, 1, 7, 1200, 200, 0, 1178, 10, 3, 2},
            new double[] {30, 100, 3000, 3, 2, 100, 1, 1, 3, 1100, 0, 0, 1178, 0, 0, 3}));
  }

  private static SoakReport report() {
    return SoakReport.of(
        table(),
        10,
        new SoakReport.RunInfo(30, "live", 1, 1587, 1, "full", 3, 1, 10, 0.5, 0.7, 2),
        new SoakReport.Listing(1300, 250, 200));
  }

  @Test
  void judgesTheSeriesAfterTheWarmup() {
    SoakReport r = report();
    assertEquals(2, r.series().size());
    SoakReport.Series heap = r.series().get(0);
    // The 500 MiB of the warm-up sample is left out: 100, 100, 100 is flat.
    assertEquals("heap_after_gc_mib", heap.column());
    assertEquals(0.0, heap.trend().slopePerHour(), 1e-9);
    assertEquals(100.0, heap.trend().start());
    assertEquals(16.0, heap.allowedPerHour(), 1e-12);
    assertTrue(heap.flat());
    SoakReport.Series state = r.series().get(1);
    // 1, 2, 3 MiB over 20 s: 0.1 MiB/s = 360 MiB/h; allowed max(10 % of 2, 1) = 1.
    assertEquals(360.0, state.trend().slopePerHour(), 1e-9);
    assertEquals(1.0, state.allowedPerHour(), 1e-12);
    assertFalse(state.flat());
    // 3,000 events over 30 s.
    assertEquals(100.0, r.eventsPerSecond(), 1e-12);
    assertEquals(50.0, r.lags().get("flow-detection")[0]);
    assertEquals(3.0, r.lags().get("flow-detection")[1]);
  }

  @Test
  void aKeyPastItsClearingTimeIsStateLeftBehind() {
    SoakReport r = report();
    SoakReport.Census flow = r.census().get("flow-detection");
    assertEquals(new SoakReport.Census(1100, 1200, 200, 0, true), flow);
    assertTrue(flow.noneLeft());
    SoakReport.Census chain = r.census().get("chain-analytics");
    assertEquals(3.0, chain.overdueMax());
    assertFalse(chain.noneLeft());
    assertFalse(r.passed());
    assertFalse(new SoakReport.Census(N, N, N, N, false).noneLeft());
  }

  @Test
  void noJobMayHoldMoreKeysThanTheInstrumentsNotYetRetired() {
    SoakReport.Listing l = new SoakReport.Listing(1300, 250, 200);
    // 1,300 listed − 200 retired = 1,100 at most.
    assertTrue(l.admits(new SoakReport.Census(1100, 1200, 0, 0, true)));
    assertFalse(l.admits(new SoakReport.Census(1101, 1200, 0, 0, true)));
    assertFalse(l.admits(new SoakReport.Census(N, N, N, N, false)));
  }

  @Test
  void writesTheSummaryAndThePlots(@TempDir Path dir) throws Exception {
    report().write(dir);
    JsonNode j = new ObjectMapper().readTree(Files.readString(dir.resolve("summary.json")));
    assertFalse(j.path("passed").asBoolean(true));
    assertEquals(
        360.0,
        j.path("series")
            .path("state_mib:flow-detection/event-router")
            .path("slope_per_hour")
            .asDouble());
    assertEquals(100.0, j.path("series").path("heap_after_gc_mib").path("end").asDouble());
    assertTrue(j.path("series").path("heap_after_gc_mib").path("flat").asBoolean());
    assertEquals(
        0.0,
        j.path("expired_instrument_keys").path("flow-detection").path("overdue_max").asDouble());
    assertEquals(
        3.0,
        j.path("expired_instrument_keys").path("chain-analytics").path("overdue_max").asDouble());
    assertEquals(200, j.path("expired_instrument_keys").path("instruments_retired").asInt());
    assertEquals(1587.0, j.path("run").path("live_events_per_second").asDouble());
    assertEquals(2.0, j.path("run").path("approved_total").asDouble());
    assertEquals(4, j.path("run").path("samples").asInt());
    assertTrue(Files.isRegularFile(dir.resolve("plots/heap_after_gc_mib.svg")));
    assertTrue(Files.isRegularFile(dir.resolve("plots/state_mib_flow-detection_event-router.svg")));
    assertTrue(Files.isRegularFile(dir.resolve("plots/keys_overdue_chain-analytics.svg")));
  }

  @Test
  void shortensTaskNames() {
    assertEquals("event-router", SoakSampler.shortName("event-router -> (a, b)"));
    assertEquals("md.events", SoakSampler.shortName("Source: md.events -> decode md.events"));
    assertEquals("chain-router", SoakSampler.shortName("chain-router"));
  }

  @Test
  void stateIsJudgedByTheGrowthTheBaselinePopulationDoesNotExplain() {
    // State = 2 MiB + 0.04 MiB per instrument with a baseline; the population rises through a
    // "week", drops at an expiry and rises again: the plain slope is +, the rest is 0.
    List<String> cols =
        List.of(
            "t_s",
            "events_total",
            "signals_total",
            "approved_total",
            "state_mib:flow-detection/ifd-v1-volume-ratio",
            BaselinePopulation.COLUMN,
            "keys_flow-detection",
            "keys_expired_flow-detection",
            "keys_overdue_flow-detection",
            "keys_chain-analytics",
            "keys_expired_chain-analytics",
            "keys_overdue_chain-analytics");
    double[] pop = {100, 150, 200, 250, 120, 170, 220, 270};
    List<double[]> rows = new java.util.ArrayList<>();
    for (int i = 0; i < pop.length; i++) {
      rows.add(new double[] {i * 60, i, 0, 0, 2 + 0.04 * pop[i], pop[i], 9, 0, 0, 9, 0, 0});
    }
    SoakReport r =
        SoakReport.of(
            new SampleTable(cols, rows),
            0,
            new SoakReport.RunInfo(420, "live", 1, 1587, 1, "full", 3, 8, 60, 0.5, 0.7, 2),
            new SoakReport.Listing(1300, 0, 0));
    SoakReport.Series s = r.series().get(0);
    assertEquals(BaselinePopulation.COLUMN, s.explainedBy());
    assertEquals(0.0, s.trend().slopePerHour(), 1e-6);
    assertEquals(0.04, s.trend().perCovariate(), 1e-9);
    assertTrue(s.flat());
    assertTrue(
        Trend.fit(r.table().column("t_s"), r.table().column(cols.get(4))).slopePerHour() > 1);
    assertTrue(r.toTable().contains("slope beyond baseline_instruments"), r.toTable());
  }

  @Test
  void aFinishedSoakFolderIsReadBackFromItsCsv(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("samples.csv");
    try (var w = Files.newBufferedWriter(csv);
        SoakCsv out = new SoakCsv(w, List.of("t_s", "a,b", "c"))) {
      out.row(new double[] {0, 1.5, Double.NaN});
      out.row(new double[] {10, 2, 3});
    }
    SampleTable t = SoakReanalysis.readCsv(csv);
    assertEquals(List.of("t_s", "a,b", "c"), t.columns());
    assertEquals(2.0, t.column("a,b")[1]);
    assertTrue(Double.isNaN(t.column("c")[0]));
    Files.writeString(csv, "t_s,x\n0,abc\n");
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> SoakReanalysis.readCsv(csv));
    assertTrue(e.getMessage().contains(":2: column 'x'"), e.getMessage());
  }
}
