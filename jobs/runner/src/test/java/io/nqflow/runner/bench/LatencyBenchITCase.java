package io.nqflow.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.simulator.Scale;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the harness of {@code nqflow bench-latency} for a few seconds on a small simulated session
 * and checks that every hop of every live signal was stamped, in causal order. No timing
 * thresholds: the figures depend on the machine.
 */
class LatencyBenchITCase {
  @TempDir Path tmp;

  @Test
  void everyLiveSignalIsStampedAtEveryHopInOrder() throws Exception {
    NqflowConfig cfg = new BenchLatencyCommand().loadProfile();
    assertThat(cfg.section(JobSettings.SECTION).bufferTimeout()).isEqualTo(Duration.ofMillis(5));
    assertThat(cfg.section(FlowDetectionSettings.SECTION).alignToWatermark()).isFalse();
    LatencyBench.Options o =
        new LatencyBench.Options(
            tmp.resolve("run"),
            null,
            7,
            3,
            Scale.SMALL,
            10,
            5_000,
            Duration.ofSeconds(8),
            40_000,
            1);
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    LatencyBench.Result result =
        new LatencyBench(cfg, o).run(new PrintStream(console, true, StandardCharsets.UTF_8));

    List<SignalHops> signals = result.signals();
    assertThat(signals).as("live signals; console:%n%s", console).isNotEmpty();
    for (SignalHops s : signals) {
      assertThat(s.publish()).as("t_publish of %s", s).isPositive();
      assertThat(s.mdAppend()).as("t_md_append of %s", s).isPositive();
      assertThat(s.emit()).as("t_signal_emit of %s", s).isPositive();
      assertThat(s.signalReceived()).as("t_signal_received of %s", s).isPositive();
      assertThat(s.decision()).as("t_decision of %s", s).isPositive();
      // The append time has ms precision: compare the publish time at that precision.
      assertThat(s.mdAppend())
          .isGreaterThanOrEqualTo(Math.floorDiv(s.publish(), 1_000_000L) * 1_000_000L);
      assertThat(s.emit()).isGreaterThanOrEqualTo(s.mdAppend());
      assertThat(s.signalReceived()).isGreaterThanOrEqualTo(s.emit());
      assertThat(s.decision()).isGreaterThanOrEqualTo(s.emit());
      if (s.approved()) {
        assertThat(s.intentReceived())
            .as("t_intent_received of %s", s)
            .isGreaterThanOrEqualTo(s.decision());
        assertThat(s.orderSent()).as("t_order_sent of %s", s).isGreaterThanOrEqualTo(s.decision());
        assertThat(s.orderAccepted())
            .as("t_order_accepted of %s", s)
            .isGreaterThanOrEqualTo(s.orderSent());
      }
    }
    assertThat(signals)
        .as("an approved signal that became an order")
        .anyMatch(s -> s.orderSent() > 0);

    LatencyReport report = result.report();
    for (LatencyReport.Figures f : report.figures()) {
      assertThat(f.count()).as("samples of %s", f.name()).isPositive();
    }
    assertThat(report.table())
        .contains("EVENT -> SIGNAL RECEIVED")
        .contains("SIGNAL RECEIVED -> ORDER SENT");
    Path json = tmp.resolve("latency.json");
    report.writeJson(json);
    assertThat(Files.readString(json)).contains("\"event_to_signal\"").contains("\"t_order_sent\"");
  }
}
