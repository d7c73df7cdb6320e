package io.nqflow.runner.soak;

import io.nqflow.core.config.DurationFormat;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.simulator.Scale;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nqflow soak}: the local stack for a long run at a steady rate, its resources sampled. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "A benchmark, not a test: runs the local stack (Kafka, the Flink jobs, the execution"
          + " service) for --duration while the feed replays consecutive simulated sessions at"
          + " --rate, samples the process's heap after a full GC, non-heap, open files, threads,"
          + " each Flink task's checkpointed state, the jobs' consumer lag, events/s, signals and"
          + " the instrument keys the reference-data operators hold (live, expired, past clearing)"
          + " every --sample-every into DIR/samples.csv, then writes DIR/summary.json (least-squares"
          + " slope per hour of each series, start and end values) and DIR/plots/*.svg and prints a"
          + " verdict per series. Exit code 1 when a series grows past its tolerance or a key"
          + " of an expired instrument is left past its clearing time."
    })
public final class SoakCommand implements Callable<Integer> {
  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Wall-clock time to run, e.g. 30m. Default: ${DEFAULT-VALUE}.")
  String duration = "30m";

  @Option(
      names = "--rate",
      paramLabel = "live|xK|N/s",
      description =
          "Replay rate: live (each simulated session in real time, x1), xK (K times real time) or"
              + " N/s (about N md.events per second on average). Default: ${DEFAULT-VALUE}.")
  String rate = "live";

  @Option(names = "--seed", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
  long seed = 1;

  @Option(
      names = "--scale",
      description = "Simulated market: small, medium or full. Default: ${DEFAULT-VALUE}.")
  String scale = "full";

  @Option(
      names = "--session-minutes",
      description =
          "Market minutes per simulated session; short sessions pass more days (so more Friday"
              + " expiries and new listings) in the same time. Default: ${DEFAULT-VALUE}.")
  int sessionMinutes = 3;

  @Option(
      names = "--start-date",
      paramLabel = "yyyy-mm-dd",
      description =
          "Date of the first simulated session (weekdays follow; weekly options expire on"
              + " Fridays). Default: ${DEFAULT-VALUE}.")
  java.time.LocalDate startDate = io.nqflow.simulator.SimulationConfig.DEFAULT_START;

  @Option(
      names = "--history-sessions",
      description =
          "Sessions replayed at max speed before the measured soak, so the detectors' baselines"
              + " (the past flow_detection.baseline.sessions sessions) are full and their state"
              + " stops growing for that reason. Default: ${DEFAULT-VALUE}.")
  int historySessions = 20;

  @Option(
      names = "--sample-every",
      paramLabel = "DURATION",
      description = "Time between samples. Default: ${DEFAULT-VALUE}.")
  String sampleEvery = "10s";

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      description =
          "Samples before this are plotted but left out of the fitted slopes. Default: a sixth"
              + " of --duration, at most 5m.")
  String warmup;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder. Default: outputs/soak-<timestamp>.")
  Path out;

  @Option(
      names = "--reanalyze",
      paramLabel = "DIR",
      description =
          "Measure nothing: judge the finished soak in DIR again (its samples.csv, summary.json and"
              + " market/ sessions) with the current verdicts and rewrite its summary.json and"
              + " plots.")
  Path reanalyze;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    if (reanalyze != null) {
      SoakReport r =
          SoakReanalysis.run(
              reanalyze,
              cfg.section(io.nqflow.flow.FlowDetectionSettings.SECTION)
                  .retentionAfterExpiry()
                  .toNanos());
      System.out.print(r.toTable());
      System.out.println("summary: " + reanalyze.resolve("summary.json"));
      return r.passed() ? 0 : 1;
    }
    Duration d = parse("--duration", duration);
    Duration w =
        warmup != null
            ? parse("--warmup", warmup)
            : Duration.ofSeconds(Math.min(300, d.toSeconds() / 6));
    Path dir =
        out != null
            ? out
            : Path.of(
                "outputs",
                "soak-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    SoakRun.Options o =
        new SoakRun.Options(
            dir,
            d,
            SoakRate.parse(rate),
            seed,
            Scale.parse(scale),
            sessionMinutes,
            startDate,
            historySessions,
            parse("--sample-every", sampleEvery),
            w);
    SoakReport report = new SoakRun(cfg, o).run(System.out);
    return report.passed() ? 0 : 1;
  }

  private static Duration parse(String option, String s) {
    try {
      return DurationFormat.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }
}
