package io.nqflow.runner.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosReportTest {
  private static StreamCheck clean(String stream) {
    return new StreamCheck(stream, 4, 4, 0, 0, 1, 0, List.of());
  }

  private static ChaosRun.Result run(String name, double... recoveries) {
    List<ChaosRun.InjectionResult> injections = new java.util.ArrayList<>();
    for (int i = 0; i < recoveries.length; i++) {
      injections.add(
          new ChaosRun.InjectionResult(
              i,
              i % 2 == 0 ? FaultKind.FEED : FaultKind.EXECUTION,
              1.0,
              500,
              recoveries[i],
              i % 2 == 0 ? "" : "killed AFTER_PLACE ord-1"));
    }
    return new ChaosRun.Result(name, null, injections, List.of(), 1, 0, 1, 10);
  }

  @Test
  void runsAreSummedPerStreamAndRecoveriesGroupedPerKind() {
    ChaosReport r =
        ChaosReport.of(
            9,
            List.of(clean("fills")),
            List.of(List.of(clean("fills")), List.of(clean("fills"))),
            List.of(run("chaos-1", 1.0, 2.0, 3.0), run("chaos-2", 5.0)),
            List.of(),
            12.0,
            "1.00, 2.00, 3.00",
            "nqflow chaos --injections 4");
    assertThat(r.ok()).isTrue();
    assertThat(r.injections()).isEqualTo(4);
    assertThat(r.streams())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.reference()).isEqualTo(8);
              assertThat(c.redelivered()).isEqualTo(2);
            });
    // feed: 1.0, 3.0, 5.0 (p50 3.0, max 5.0); execution: 2.0.
    assertThat(r.toJson())
        .contains("\"ok\": true")
        .contains(
            "{\"kind\": \"feed\", \"injections\": 3, \"recovery_p50_s\": 3.000,"
                + " \"recovery_max_s\": 5.000")
        .contains("\"execution_kill_points\": {\"after_place\": 1}");
    assertThat(r.toTable()).contains("| feed | 3 | 3.00 | 5.00 |");
  }

  @Test
  void aLossAFailedSelfCheckOrAFailedRunFailsTheReport() {
    StreamCheck lost = new StreamCheck("fills", 4, 3, 1, 0, 0, 0, List.of("lost x"));
    ChaosReport withLoss =
        ChaosReport.of(
            1, List.of(clean("fills")), List.of(List.of(lost)), List.of(), List.of(), 1, "-", "c");
    assertThat(withLoss.ok()).isFalse();
    assertThat(withLoss.toJson()).contains("\"ok\": false").contains("\"lost x\"");
    assertThat(withLoss.toTable()).contains("LOST OR DUPLICATED");

    ChaosReport badSelf =
        ChaosReport.of(1, List.of(lost), List.of(), List.of(), List.of(), 1, "-", "c");
    assertThat(badSelf.ok()).isFalse();
    assertThat(badSelf.toJson()).contains("\"fault_free_self_check_ok\": false");

    ChaosReport failed =
        ChaosReport.of(
            1, List.of(), List.of(), List.of(), List.of("chaos-2: timed out"), 1, "-", "c");
    assertThat(failed.ok()).isFalse();
    assertThat(failed.toTable()).contains("FAILED run chaos-2: timed out");
    assertThat(failed.toJson()).contains("\"failed_runs\": [\"chaos-2: timed out\"]");
  }
}
