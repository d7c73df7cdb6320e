package io.nqflow.runner.chaos;

import io.nqflow.core.config.DurationFormat;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nqflow chaos}: the local stack under random faults, compared with a fault-free run. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the local stack on a simulated session while injecting random faults at random times"
          + " (drawn from --seed): TaskManager lost, Kafka broker restarted, feed killed (SIGKILL)"
          + " and restarted, execution service killed (crash: ledger cut as a crash leaves it) and"
          + " restarted, broker API down for a while. Every output topic (signals.flow,"
          + " signals.opportunity, orders.approved, orders.rejected, exec.events), the ledger and"
          + " the broker are then compared with a fault-free run of the same input: lost and"
          + " duplicated signals, decisions, broker orders and fills, and the time to recover per"
          + " fault kind.",
      "More injections than --per-run are spread over consecutive runs of the stack. The report"
          + " goes to DIR/chaos-report.json and DIR/chaos-report.md.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing was lost or duplicated",
      "1:something was lost or duplicated (see the report), or a run failed",
      "2:bad configuration or options"
    })
public final class ChaosCommand implements Callable<Integer> {
  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--injections",
      required = true,
      paramLabel = "N",
      description = "Faults to inject in all.")
  int injections;

  @Option(
      names = "--seed",
      description = "Seed of the fault plan (kinds, times, outages). Default: ${DEFAULT-VALUE}.")
  long seed = 1;

  @Option(
      names = "--kinds",
      split = ",",
      paramLabel = "KIND",
      description =
          "Fault kinds to draw from: taskmanager, kafka, feed, execution, broker-api. Default:"
              + " all.")
  List<String> kinds;

  @Option(
      names = "--per-run",
      paramLabel = "K",
      description = "Most injections in one run of the stack. Default: ${DEFAULT-VALUE}.")
  int perRun = 10;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Market time of the simulated live session. Default: ${DEFAULT-VALUE}.")
  String duration = "10m";

  @Option(
      names = "--speed",
      paramLabel = "xN",
      description = "Replay speed of the live session. Default: ${DEFAULT-VALUE}.")
  String speed = "x10";

  @Option(
      names = "--days",
      description = "Simulated sessions (the earlier ones are history). Default: ${DEFAULT-VALUE}.")
  int days = 2;

  @Option(
      names = "--market-seed",
      description = "Simulator seed of the market. Default: the profile's simulator.seed.")
  Long marketSeed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder of the runs and the report. Default: outputs/chaos-<timestamp>.")
  Path out;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    Speed sp = Speed.parse(speed);
    if (sp.isMax()) {
      throw new IllegalArgumentException(
          "--speed max leaves no live session to inject faults into; use e.g. x10");
    }
    Duration session = DurationFormat.parse(duration);
    List<FaultKind> selected =
        kinds == null || kinds.isEmpty()
            ? Arrays.asList(FaultKind.values())
            : kinds.stream().map(FaultKind::parse).distinct().toList();
    ChaosPlan plan = ChaosPlan.draw(seed, injections, selected, perRun);
    Path dir =
        out != null
            ? out
            : Path.of(
                "outputs",
                "chaos-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    OwnerOnly.createDirectories(dir);
    PrintStream console = System.out;
    long t0 = System.nanoTime();

    var sim = cfg.simulator();
    int minutes = (int) Math.max(1, session.toMinutes());
    SimulationConfig sc =
        SimulationConfig.of(
                marketSeed != null ? marketSeed : sim.seed(),
                days,
                Scale.valueOf(sim.scale().name()))
            .withSessionMinutes(minutes);
    Simulator.run(sc, dir.resolve("market"));
    SessionFolders.Split split = SessionFolders.split(dir.resolve("market"));
    Path liveDir = split.live().get(0).getParent();
    Duration liveWall = Duration.ofMillis((long) (minutes * 60_000L / sp.multiplier()));
    ChaosRun.Setup setup =
        new ChaosRun.Setup(
            cfg, profile.profile(), profile.configDir(), split.history(), liveDir, sp, liveWall);
    console.printf(
        "chaos: %d injection(s) of %s in %d run(s); live session %d min at %s (%.0f s)%n",
        injections,
        selected.stream().map(FaultKind::cliName).toList(),
        plan.runs().size(),
        minutes,
        speed,
        liveWall.toMillis() / 1e3);

    ChaosRun runner = new ChaosRun(setup, console);
    ChaosRun.Result reference = runner.run("fault-free", dir.resolve("fault-free"), List.of());
    List<StreamCheck> self = Comparison.compare(reference.outcome(), reference.outcome());
    List<List<StreamCheck>> checks = new ArrayList<>();
    List<ChaosRun.Result> results = new ArrayList<>();
    List<String> failedRuns = new ArrayList<>();
    for (int i = 0; i < plan.runs().size(); i++) {
      String name = "chaos-" + (i + 1);
      ChaosRun.Result r;
      try {
        r = runner.run(name, dir.resolve(name), plan.runs().get(i));
      } catch (Exception e) {
        // A run that fails (a fault not recovered from, a job failed for good) fails the command;
        // the other runs still go on and are reported.
        failedRuns.add(name + ": " + e);
        console.printf("%s: FAILED: %s%n", name, e);
        continue;
      }
      List<StreamCheck> c = Comparison.compare(reference.outcome(), r.outcome());
      checks.add(c);
      results.add(r.withoutOutcome());
      console.printf(
          "%s: %s%n",
          name, c.stream().allMatch(StreamCheck::ok) ? "nothing lost or duplicated" : c);
    }
    ChaosReport report =
        ChaosReport.of(
            seed,
            self,
            checks,
            results,
            failedRuns,
            (System.nanoTime() - t0) / 1e9,
            loadAverage(),
            "nqflow chaos --injections "
                + injections
                + " --seed "
                + seed
                + " --per-run "
                + perRun
                + " --duration "
                + duration
                + " --speed "
                + speed
                + " --days "
                + days
                + (kinds == null ? "" : " --kinds " + String.join(",", kinds)));
    OwnerOnly.writeString(dir.resolve("chaos-report.json"), report.toJson());
    OwnerOnly.writeString(dir.resolve("chaos-report.md"), report.toTable());
    console.println();
    console.print(report.toTable());
    console.println("\nreport: " + dir.resolve("chaos-report.json"));
    return report.ok() ? 0 : 1;
  }

  /** The 1, 5 and 15 minute load averages, as uptime prints them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
