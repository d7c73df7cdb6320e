package io.nqflow.runner.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.runner.sim.SimulateCommand;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeedCommandITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final Pattern SUMMARY =
      Pattern.compile("feed \\S+ (ended|stopped): ([0-9,]+) events, .* ([0-9,]+) events skipped");

  @TempDir Path tmp;

  @Test
  void feedsTheProfilesReplaySourceIntoKafkaAndARestartPublishesNothingTwice() throws Exception {
    // A simulated session (definitions, statistics, trades, MBO) as the recorded files.
    Path dir = tmp.resolve("in");
    int simulated =
        new CommandLine(new SimulateCommand())
            .execute(
                "--seed", "11", "--days", "1", "--session-minutes", "2", "--out", dir.toString());
    assertThat(simulated).isZero();
    long expected = countEvents(dir);
    assertThat(expected).isPositive();
    Path profile = profile("feed-replay-it", "REPLAY", "it-files", "path: " + dir, "max");

    Run first = feed(profile);
    assertThat(first.rc).as("stderr: %s", first.err).isZero();
    assertThat(first.events()).isEqualTo(expected);
    assertThat(first.out).contains("ended");

    List<ConsumerRecord<Long, MarketEvent>> events = ofSource("it-files");
    assertThat(events).hasSize((int) expected);
    // Per instrument, in event-time order.
    Map<Long, Long> lastTs = new HashMap<>();
    for (ConsumerRecord<Long, MarketEvent> r : events) {
      assertThat(r.key()).isEqualTo(r.value().getInstrumentId());
      assertThat(r.value().getTsEvent())
          .isGreaterThanOrEqualTo(lastTs.getOrDefault(r.key(), Long.MIN_VALUE));
      lastTs.put(r.key(), r.value().getTsEvent());
    }

    // A restart resumes from what md.events holds: nothing is published again.
    Run second = feed(profile);
    assertThat(second.rc).as("stderr: %s", second.err).isZero();
    assertThat(second.events()).isZero();
    assertThat(second.skipped()).isEqualTo(expected);
    assertThat(ofSource("it-files")).hasSize((int) expected);

    // --no-resume publishes everything again.
    Run third = feed(profile, "--no-resume");
    assertThat(third.rc).isZero();
    assertThat(third.events()).isEqualTo(expected);
    assertThat(ofSource("it-files")).hasSize((int) (2 * expected));

    // every start recorded its configuration on ops.audit (instance: the profile); none changed it
    List<AuditEvent> starts =
        KAFKA.client().values(Topics.AUDIT).stream()
            .filter(a -> a.getAction().equals("CONFIG_APPLIED"))
            .filter(a -> a.getEntityId().equals("feed/feed-replay-it"))
            .toList();
    assertThat(starts)
        .extracting(a -> a.getDetails().get(AuditDetails.CONFIG_DIFF))
        .containsExactly("initial", "unchanged", "unchanged");
    assertThat(starts.get(0).getDetails().get(AuditDetails.CONFIG))
        .contains("feed.sources[0].name=it-files\n")
        .contains("kafka.bootstrap_servers=" + KAFKA.bootstrapServers() + "\n");
  }

  @Test
  void anUnknownSourceIsAUsageError() throws Exception {
    Path profile = profile("feed-bad-it", "REPLAY", "files", "path: " + tmp, "max");
    Run r = feed(profile, "--source", "nope");
    assertThat(r.rc).isEqualTo(2);
    assertThat(r.err).contains("no feed source named \"nope\"").contains("[files]");
  }

  @Test
  void helpExplainsSourcesFailoverBudgetAndExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new FeedCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString())
        .contains("--profile")
        .contains("priority order")
        .contains("Failover")
        .contains("budget.daily_usd")
        .contains("SIGTERM")
        .contains("Exit codes")
        .contains("143");
  }

  /**
   * A separate JVM runs {@code nqflow feed} on the in-process simulator (history at max speed, the
   * live session paced at real time) and gets SIGTERM mid-session: it exits with the signal's code,
   * and every event its summary counts as published is on md.events: the flush happened.
   */
  @Test
  void sigtermStopsTheFeedAndFlushesEverythingItCounted() throws Exception {
    Path profile = profile("feed-sim-it", "SIMULATOR", "sim-it", "", "x1");
    Path stdout = tmp.resolve("stdout.txt");
    Path stderr = tmp.resolve("stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.nqflow.runner.Main",
                "feed",
                "--profile",
                profile.toString(),
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--work-dir",
                tmp.resolve("work").toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      Poll.until(
          Duration.ofSeconds(90),
          "simulated events on md.events",
          () -> {
            if (!p.isAlive()) {
              throw new AssertionError("feed exited early: " + read(stderr));
            }
            return !ofSource("sim-it").isEmpty();
          });
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = read(stdout);
    assertThat(p.exitValue()).as("stdout: %s%nstderr: %s", out, read(stderr)).isEqualTo(143);
    Matcher m = SUMMARY.matcher(out);
    assertThat(m.find()).as("summary line in: %s", out).isTrue();
    assertThat(m.group(1)).isEqualTo("stopped");
    long counted = Long.parseLong(m.group(2).replace(",", ""));
    assertThat(counted).isPositive();
    assertThat(ofSource("sim-it")).hasSize((int) counted);
  }

  private Path profile(String name, String type, String source, String extra, String speed)
      throws Exception {
    Path p = tmp.resolve(name + ".yaml");
    Files.writeString(
        p,
        String.join(
            "\n",
            "profile: " + name,
            "extends: testing",
            "feed:",
            "  work_dir: " + tmp.resolve("work"),
            "  sources:",
            "    - type: " + type,
            "      name: " + source,
            "      speed: " + speed,
            extra.isEmpty() ? "" : "      " + extra,
            ""));
    return p;
  }

  private record Run(int rc, String out, String err) {
    long events() {
      Matcher m = SUMMARY.matcher(out);
      if (!m.find()) {
        throw new AssertionError("no summary line in: " + out + "\nstderr: " + err);
      }
      return Long.parseLong(m.group(2).replace(",", ""));
    }

    long skipped() {
      Matcher m = SUMMARY.matcher(out);
      if (!m.find()) {
        throw new AssertionError("no summary line in: " + out);
      }
      return Long.parseLong(m.group(3).replace(",", ""));
    }
  }

  private static Run feed(Path profile, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new FeedCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--profile", profile.toString(), "--bootstrap-servers", KAFKA.bootstrapServers()));
    args.addAll(List.of(extra));
    int rc = cli.execute(args.toArray(String[]::new));
    return new Run(rc, out.toString(), err.toString());
  }

  private static List<ConsumerRecord<Long, MarketEvent>> ofSource(String source) {
    return KAFKA.client().readAll(Topics.MARKET_EVENTS).stream()
        .filter(r -> r.value().getSource().equals(source))
        .toList();
  }

  private static long countEvents(Path dir) throws Exception {
    long n = 0;
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".dbn")).toList()) {
        try (DbnDecoder d = DbnDecoder.open(p)) {
          for (DbnRecord r = d.next(); r != null; r = d.next()) {
            if (DbnNormalizer.kindOf(r) == DbnNormalizer.Kind.EVENT) {
              n++;
            }
          }
        }
      }
    }
    return n;
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
