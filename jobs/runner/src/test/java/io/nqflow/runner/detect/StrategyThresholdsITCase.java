package io.nqflow.runner.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.runner.Main;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A threshold set in a strategy file reaches the detectors: raising IFD v3's z-score levels or the
 * sweep's minimum price levels in a strategy silences those detectors on a session where the
 * shipped strategy signals with them, and leaves the other detectors' signals as they were.
 */
class StrategyThresholdsITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static Map<String, Integer> shipped;

  @BeforeAll
  static void detectWithTheShippedStrategy() throws Exception {
    Simulator.run(
        SimulationConfig.of(13L, 3, Scale.SMALL).withSessionMinutes(30), tmp.resolve("market"));
    shipped = detect("--profile", "local");
    // The session must exercise both detectors for the comparisons below to mean anything.
    assertThat(shipped).containsKeys("ifd_v3_mbo_pressure", "cep_sweep", "cep_block");
  }

  @Test
  void mboPressureThresholdsOfAStrategySilenceIfdV3() throws Exception {
    Map<String, Integer> strict =
        detectWithStrategy(
            """
            detection:
              mbo_pressure: {z_moderate: 40, z_high: 50, z_very_high: 60, z_extreme: 70}
            """);

    assertThat(strict).doesNotContainKey("ifd_v3_mbo_pressure");
    assertThat(strict.get("cep_sweep")).isEqualTo(shipped.get("cep_sweep"));
    assertThat(strict.get("cep_block")).isEqualTo(shipped.get("cep_block"));
  }

  @Test
  void sweepSizeOfAStrategySilencesTheSweepPattern() throws Exception {
    Map<String, Integer> strict =
        detectWithStrategy(
            """
            detection:
              patterns:
                sweep: {min_levels: 40}
            """);

    assertThat(strict).doesNotContainKey("cep_sweep");
    assertThat(strict.get("ifd_v3_mbo_pressure")).isEqualTo(shipped.get("ifd_v3_mbo_pressure"));
    assertThat(strict.get("cep_block")).isEqualTo(shipped.get("cep_block"));
  }

  /** Runs detect with the local profile and a strategy of its own in a config folder of its own. */
  private static Map<String, Integer> detectWithStrategy(String strategyBody) throws Exception {
    Path config = Files.createTempDirectory(tmp, "config");
    Files.createDirectories(config.resolve("strategies"));
    Files.writeString(
        config.resolve("strategies").resolve("strict.yaml"),
        "description: test\nvariant: conservative\n" + strategyBody);
    Path local = Path.of("..", "..", "config", "local.yaml").toAbsolutePath().normalize();
    Files.writeString(config.resolve("p.yaml"), "extends: " + local + "\nstrategy: strict\n");
    return detect(
        "--profile", config.resolve("p.yaml").toString(), "--config-dir", config.toString());
  }

  /** Signals per algorithm of one detect run over the simulated market. */
  private static Map<String, Integer> detect(String... profileArgs) throws Exception {
    Path out = Files.createTempFile(tmp, "signals", ".jsonl");
    String[] args = new String[4 + profileArgs.length];
    args[0] = "detect";
    args[1] = "--input";
    args[2] = tmp.resolve("market").toString();
    args[3] = "--out=" + out;
    System.arraycopy(profileArgs, 0, args, 4, profileArgs.length);
    assertThat(Main.execute(args)).as("detect exit code").isZero();
    Map<String, Integer> perAlgorithm = new TreeMap<>();
    for (String line : Files.readAllLines(out)) {
      perAlgorithm.merge(JSON.readTree(line).get("algorithm").asText(), 1, Integer::sum);
    }
    return perAlgorithm;
  }
}
