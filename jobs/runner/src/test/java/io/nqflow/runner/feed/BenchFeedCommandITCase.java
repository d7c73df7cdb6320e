package io.nqflow.runner.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.runner.Main;
import io.nqflow.runner.sim.SimulateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nqflow bench-feed} on a tiny simulated session: both paths publish the same events to the
 * embedded broker, and the command prints both figures and their ratio.
 */
class BenchFeedCommandITCase {
  @TempDir Path tmp;

  @Test
  void printsThePlainProducerTheFeedAndTheirRatio() throws Exception {
    Path dir = tmp.resolve("in");
    int simulated =
        new CommandLine(new SimulateCommand())
            .execute(
                "--seed", "5", "--days", "1", "--session-minutes", "2", "--out", dir.toString());
    assertThat(simulated).isZero();
    Path json = tmp.resolve("bench.json");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int rc =
        cli.execute(
            "bench-feed",
            "--input",
            dir.toString(),
            "--events",
            "3000",
            "--warmup",
            "1",
            "--rounds",
            "1",
            "--json",
            json.toString());

    assertThat(rc).as("stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains("bench-feed: 3,000 events")
        .contains("round 1 (warm-up)")
        .containsPattern("plain KafkaProducer: +[0-9,]+ events/s")
        .containsPattern("feed replay: +[0-9,]+ events/s")
        .containsPattern("ratio feed/plain: +[0-9]+\\.[0-9]{2}")
        .containsPattern(
            "sending thread's CPU per event \\(medians\\): plain [0-9]+ ns, feed [0-9]+ ns");
    JsonNode figures = new ObjectMapper().readTree(json.toFile());
    assertThat(figures.get("events").asLong()).isEqualTo(3000);
    assertThat(figures.get("plain_events_per_s").asLong()).isPositive();
    assertThat(figures.get("feed_events_per_s").asLong()).isPositive();
    assertThat(figures.get("plain_thread_cpu_ns_per_event").asLong()).isPositive();
    assertThat(figures.get("feed_thread_cpu_ns_per_event").asLong()).isPositive();
    assertThat(figures.get("ratio").asDouble())
        .isCloseTo(
            figures.get("feed_events_per_s").asDouble()
                / figures.get("plain_events_per_s").asDouble(),
            org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(BenchFeedCommand.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(BenchFeedCommand.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }
}
