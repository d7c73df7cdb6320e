package io.nqflow.runner.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
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
 * A 12-second soak of the real local stack (small market): the CSV has a row per sample with every
 * measure filled in, and the summary and plots are written. Too short to judge flatness.
 */
class SoakITCase {
  @TempDir Path tmp;

  @Test
  void aShortSoakSamplesEveryMeasureAndWritesItsSummary() throws Exception {
    NqflowConfig cfg = Sections.load(new ProfileOptions("local"));
    Path out = tmp.resolve("soak");
    SoakRun.Options o =
        new SoakRun.Options(
            out,
            Duration.ofSeconds(12),
            SoakRate.parse("x4"),
            3,
            Scale.SMALL,
            1,
            SimulationConfig.DEFAULT_START,
            1,
            Duration.ofSeconds(2),
            Duration.ZERO);
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    SoakReport report =
        new SoakRun(cfg, o).run(new PrintStream(console, true, StandardCharsets.UTF_8));

    List<String> csv = Files.readAllLines(out.resolve("samples.csv"));
    // A sample at 0, 2, ..., 12 s: 7 rows after the header.
    assertThat(csv).hasSize(8);
    List<String> header = List.of(csv.get(0).split(",", -1));
    assertThat(header)
        .contains(
            "t_s",
            "heap_after_gc_mib",
            "nonheap_mib",
            "metaspace_mib",
            "code_cache_mib",
            "open_fds",
            "threads",
            "events_per_s",
            "signals_total",
            "lag_flow-detection",
            "lag_execution",
            "keys_flow-detection",
            "keys_overdue_chain-analytics",
            "state_mib_total");
    String[] last = csv.get(csv.size() - 1).split(",", -1);
    for (String c :
        List.of("heap_after_gc_mib", "open_fds", "threads", "events_total", "state_mib_total")) {
      assertThat(last[header.indexOf(c)]).as(c).isNotEmpty();
    }
    assertThat(Double.parseDouble(last[header.indexOf("events_total")])).isPositive();
    assertThat(Double.parseDouble(last[header.indexOf("open_fds")])).isPositive();

    JsonNode s = new ObjectMapper().readTree(Files.readString(out.resolve("summary.json")));
    for (String series : List.of("heap_after_gc_mib", "metaspace_mib", "open_fds", "threads")) {
      JsonNode n = s.path("series").path(series);
      assertThat(n.has("slope_per_hour")).as(series).isTrue();
      assertThat(n.has("start") && n.has("end") && n.has("flat")).as(series).isTrue();
    }
    // The reference-data operators reported their instrument keys (238 instruments listed).
    assertThat(s.path("expired_instrument_keys").path("flow-detection").path("keys_max").asDouble())
        .isPositive();
    assertThat(report.census().get("chain-analytics").measured()).isTrue();
    assertThat(out.resolve("plots/heap_after_gc_mib.svg")).exists();
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("soak: ");
  }
}
