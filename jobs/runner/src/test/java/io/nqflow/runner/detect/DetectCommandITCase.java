package io.nqflow.runner.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.runner.Main;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nqflow detect} runs the flow-detection graph over simulated DBN files (bounded, event
 * time) and writes signals as JSON lines; the same input gives the same file, ids included.
 */
class DetectCommandITCase {
  @TempDir Path tmp;

  @Test
  void detectWritesDeterministicSignalLinesForASimulatedRun() throws Exception {
    Path market = tmp.resolve("market");
    Simulator.run(SimulationConfig.of(11L, 2, Scale.SMALL).withSessionMinutes(5), market);
    Path first = tmp.resolve("first.jsonl");
    Path second = tmp.resolve("second.jsonl");

    int code1 =
        Main.execute(
            "detect",
            "--input",
            market.toString(),
            "--out",
            first.toString(),
            "--profile",
            "local");
    int code2 =
        Main.execute(
            "detect",
            "--input",
            market.toString(),
            "--out",
            second.toString(),
            "--profile",
            "local");

    assertThat(code1).as("exit code (0 = no bad input, no dead letters)").isZero();
    assertThat(code2).isZero();
    List<String> lines = Files.readAllLines(first);
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("{")
                    .contains("\"signal_id\":")
                    .contains("\"algorithm\":")
                    .contains("\"ts_event\":"));
    assertThat(Files.readAllLines(second)).isEqualTo(lines);
  }

  @Test
  void benchRunsTheSameDetectionAsDetectAndReportsItsThroughput() throws Exception {
    Path market = tmp.resolve("bench-market");
    Simulator.run(SimulationConfig.of(12L, 2, Scale.SMALL).withSessionMinutes(5), market);
    Path signals = tmp.resolve("signals.jsonl");
    Path figures = tmp.resolve("bench.json");

    assertThat(
            Main.execute(
                "detect",
                "--input",
                market.toString(),
                "--out",
                signals.toString(),
                "--profile",
                "local"))
        .isZero();
    int code =
        Main.execute(
            "bench",
            "--input",
            market.toString(),
            "--rate",
            "0",
            "--parallelism",
            "2",
            "--json",
            figures.toString(),
            "--profile",
            "local");

    assertThat(code).isZero();
    JsonNode f = new ObjectMapper().readTree(figures.toFile());
    assertThat(f.get("signals").asLong())
        .as("the benchmark runs the detection 'nqflow detect' runs")
        .isEqualTo(Files.readAllLines(signals).size());
    assertThat(f.get("events").asLong()).isPositive();
    assertThat(f.get("pass_through_events_per_s").asDouble()).isPositive();
    assertThat(f.get("detection_events_per_s").asDouble()).isPositive();
  }
}
