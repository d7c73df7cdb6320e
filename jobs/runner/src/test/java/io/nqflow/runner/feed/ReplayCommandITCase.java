package io.nqflow.runner.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnFormatException;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.runner.sim.SimulateCommand;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path tmp;

  @Test
  void replaysSampleFilesIntoKafkaAndKeepsGoingPastBadInput() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    Path samples = sampleDir();
    for (String name :
        List.of("test_data.mbo.v3.dbn", "test_data.trades.dbn", "test_data.mbp-1.v2.dbn.zst")) {
      Files.copy(samples.resolve(name), dir.resolve(name));
    }
    byte[] mbo = Files.readAllBytes(dir.resolve("test_data.mbo.v3.dbn"));
    // A bad file: a torn tail is a dead letter, the readable records duplicate the MBO file's and
    // the quality monitor dead-letters them too.
    Path bad = tmp.resolve("truncated.mbo.dbn");
    Files.write(bad, Arrays.copyOf(mbo, mbo.length - 7));
    long expectedEvents = countEvents(dir);
    long duplicates = countEvents(bad);
    assertThat(duplicates).isPositive();
    Files.move(bad, dir.resolve(bad.getFileName()));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int rc =
        cli.execute(
            "--profile",
            "testing",
            "--input",
            dir.toString(),
            "--speed",
            "max",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(rc).as("stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains(String.format("%,d events", expectedEvents))
        .contains((1 + duplicates) + " dead letters");
    var client = KAFKA.client();
    // The broker is shared by the tests of this class: count what this replay's source wrote.
    assertThat(
            client.values(Topics.MARKET_EVENTS).stream()
                .filter(e -> e.getSource().equals("replay"))
                .count())
        .isEqualTo(expectedEvents);
    List<DeadLetter> dead =
        client.values(Topics.DEAD_LETTERS).stream()
            .filter(d -> d.getSource().equals("replay"))
            .toList();
    assertThat(dead).hasSize((int) (1 + duplicates));
    assertThat(dead).allSatisfy(d -> assertThat(d.getPosition()).contains("truncated.mbo.dbn"));
  }

  @Test
  void simulatedSessionReachesMdEventsWithoutQualityRejections() throws Exception {
    Path market = tmp.resolve("market");
    int simulated =
        new CommandLine(new SimulateCommand())
            .execute(
                "--seed", "7", "--days", "1", "--session-minutes", "2", "--out", market.toString());
    assertThat(simulated).isZero();
    long expectedEvents = 0;
    try (var files = Files.walk(market)) {
      for (Path p : files.filter(p -> p.toString().contains(".dbn")).toList()) {
        expectedEvents += countEvents(p);
      }
    }
    assertThat(expectedEvents).isPositive();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int rc =
        cli.execute(
            "--profile",
            "testing",
            "--input",
            market.toString(),
            "--source",
            "simulator",
            "--bootstrap-servers",
            KAFKA.bootstrapServers());

    assertThat(rc).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains(" 0 dead letters");
    var client = KAFKA.client();
    assertThat(
            client.values(Topics.MARKET_EVENTS).stream()
                .filter(e -> e.getSource().equals("simulator"))
                .count())
        .isEqualTo(expectedEvents);
  }

  @Test
  void missingInputIsOneClearError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ReplayCommand());
    cli.setErr(new PrintWriter(err));
    int rc =
        cli.execute(
            "--profile",
            "testing",
            "--input",
            tmp.resolve("nope").toString(),
            "--bootstrap-servers",
            KAFKA.bootstrapServers());
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("no such file or folder").contains("nope");
  }

  private static long countEvents(Path dirOrFile) throws Exception {
    long n = 0;
    List<Path> files;
    if (Files.isDirectory(dirOrFile)) {
      try (var s = Files.list(dirOrFile)) {
        files = s.toList();
      }
    } else {
      files = List.of(dirOrFile);
    }
    for (Path p : files) {
      try (DbnDecoder d = DbnDecoder.open(p)) {
        while (true) {
          DbnRecord r;
          try {
            r = d.next();
          } catch (DbnFormatException e) {
            break;
          }
          if (r == null) {
            break;
          }
          if (DbnNormalizer.kindOf(r) == DbnNormalizer.Kind.EVENT) {
            n++;
          }
        }
      }
    }
    return n;
  }

  /** The feed module's sample DBN files (Databento's test data), found from the module folder. */
  private static Path sampleDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path d = p.resolve("connectors/feed/src/test/resources/dbn");
      if (Files.isDirectory(d)) {
        return d;
      }
    }
    throw new IllegalStateException("connectors/feed/src/test/resources/dbn not found");
  }
}
