package io.nqflow.runner.local;

import io.nqflow.core.config.DurationFormat;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nqflow local}: the whole stack embedded, on a simulated session or recorded DBN files. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole stack in this JVM: a real Kafka broker (KRaft), a Flink MiniCluster with the"
          + " flow-detection and risk-gate jobs, the feed, and the execution service with the paper"
          + " broker. By default it simulates one session of NQ options order flow (labelled"
          + " institutional episodes) with a few history sessions for the baselines, replays the"
          + " history as fast as possible and the live session at --speed, stops by itself, prints"
          + " a summary and writes outputs/<run-id>/summary.json.",
      "With --serve the stack keeps running after the session, with Kafka on --kafka-port and"
          + " Prometheus metrics on --metrics-port, until interrupted (Ctrl-C)."
    })
public final class LocalCommand implements Callable<Integer> {
  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "Market time of the simulated session, e.g. 5m, 30m, 390m. Default: the profile's"
              + " simulator.session_minutes.")
  String duration;

  @Option(names = "--seed", description = "Simulator seed. Default: the profile's simulator.seed.")
  Long seed;

  @Option(
      names = "--days",
      description = "Sessions to simulate (earlier ones are baseline history). Default: profile.")
  Integer days;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description =
          "Replay recorded DBN files (a folder written by 'nqflow simulate' or recorded from"
              + " Databento) instead of simulating.")
  Path input;

  @Option(
      names = "--speed",
      paramLabel = "max|xN",
      description =
          "Replay speed of the live session: a multiple of real time (x20: ten minutes of market"
              + " in 30 s) or max. With execution.paper.clock AUTO or EVENT (the default here) the"
              + " paper broker fills in event time, so every speed gives the same orders and fills;"
              + " with ARRIVAL, orders reach it a few hundred ms of wall time after their signal and"
              + " at max speed nothing fills. History sessions always replay at max. Default:"
              + " ${DEFAULT-VALUE}.")
  String speed = "x20";

  @Option(
      names = "--serve",
      description = "Keep the stack running after the session until interrupted.")
  boolean serve;

  @Option(
      names = "--kafka-port",
      description = "Kafka port with --serve (loopback). Default: ${DEFAULT-VALUE}.")
  int kafkaPort = 9092;

  @Option(
      names = "--metrics-port",
      description = "Prometheus port with --serve. Default: the profile's metrics.port.")
  Integer metricsPort;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Where run folders are written. Default: ${DEFAULT-VALUE}.")
  Path outputDir = Path.of("outputs");

  @Option(names = "--run-id", description = "Name of the run folder. Default: local-<timestamp>.")
  String runId;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    LocalStack.Options o =
        new LocalStack.Options(
            runId == null ? LocalStack.newRunId() : runId,
            outputDir,
            input,
            seed,
            days,
            duration == null ? null : parseDuration(duration),
            Speed.parse(speed),
            serve,
            serve ? kafkaPort : 0,
            serve ? (metricsPort != null ? metricsPort : cfg.metrics().port()) : 0);
    LocalSummary summary = new LocalStack(cfg, o).run(System.out);
    return summary.duplicateOrders() == 0 ? 0 : 1;
  }

  static Duration parseDuration(String s) {
    try {
      return DurationFormat.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--duration: " + e.getMessage(), e);
    }
  }
}
