package io.nqflow.runner.shadow;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.runner.local.LocalStack;
import io.nqflow.runner.local.LocalSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nqflow shadow}: the local stack over several sessions in shadow mode (paper broker), one
 * run folder per session, then a summary of all sessions ({@link ShadowSummary}).
 */
@Command(
    name = "shadow",
    mixinStandardHelpOptions = true,
    description = {
      "Shadow trading over several sessions: runs the local stack ('nqflow local', paper broker)"
          + " once per session, each into its own run folder DIR/<session>/ (summary.json,"
          + " outcomes.jsonl, report.html), then writes the summary of all sessions into DIR:"
          + " outcomes.jsonl (every session's outcomes), summary.json (sessions, signals, outcomes"
          + " by kind, P&L in USD and accuracy, overall and per session) and report.html (its"
          + " per-day tables give one row per session day).",
      "Simulated (default): --sessions N runs N independent simulated markets, session-1 with"
          + " --seed S, session-2 with S+1, ... (each with the profile's history days for the"
          + " baselines). Recorded: --input DIR replays each sub-folder of DIR (sorted by name) as"
          + " 'nqflow local --input' does; the sub-folder's name is the session's name."
    })
public final class ShadowCommand implements Callable<Integer> {
  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--sessions",
      paramLabel = "N",
      description = "Simulated sessions to run (N >= 1). Default: ${DEFAULT-VALUE}.")
  int sessions = 5;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the first simulated session (S+i for the others). Default: profile.")
  Long seed;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description =
          "Recorded sessions instead of simulated ones: one sub-folder of DBN files per session.")
  Path input;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Market time of each simulated session, e.g. 30m. Default: profile.")
  String duration;

  @Option(
      names = "--speed",
      paramLabel = "max|xN",
      description =
          "Replay speed of each live session (see 'nqflow local'). Default: ${DEFAULT-VALUE}.")
  String speed = "x20";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder of the shadow run. Default: outputs/shadow-<timestamp>.")
  Path out;

  /** One session to run: its folder name, and either recorded input or a seed. */
  record Session(String name, Path input, Long seed) {}

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    List<Session> plan = plan(cfg.simulator().seed());
    Path dir =
        out != null
            ? out
            : Path.of("outputs")
                .resolve(
                    "shadow-"
                        + LocalDateTime.now()
                            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return run(cfg, plan, dir, System.out);
  }

  /** The sessions to run; throws with a clear message on a bad input folder or N. */
  List<Session> plan(long profileSeed) throws IOException {
    List<Session> plan = new ArrayList<>();
    if (input != null) {
      if (!Files.isDirectory(input)) {
        throw new IllegalArgumentException(
            "--input "
                + input
                + ": "
                + (Files.exists(input) ? "not a directory" : "no such folder"));
      }
      try (Stream<Path> s = Files.list(input)) {
        s.filter(Files::isDirectory)
            .sorted()
            .forEach(p -> plan.add(new Session(p.getFileName().toString(), p, null)));
      }
      if (plan.isEmpty()) {
        throw new IllegalArgumentException(
            "--input " + input + ": no session sub-folder (expected one folder per session)");
      }
      return plan;
    }
    if (sessions < 1) {
      throw new IllegalArgumentException("--sessions " + sessions + ": must be at least 1");
    }
    long first = seed != null ? seed : profileSeed;
    for (int i = 0; i < sessions; i++) {
      plan.add(new Session("session-" + (i + 1), null, first + i));
    }
    return plan;
  }

  int run(NqflowConfig cfg, List<Session> plan, Path dir, PrintStream console) throws Exception {
    Speed pace = Speed.parse(speed);
    var sessionDuration =
        duration == null ? null : io.nqflow.core.config.DurationFormat.parse(duration);
    List<String> names = new ArrayList<>();
    long duplicates = 0;
    for (Session s : plan) {
      console.printf(
          "%n=== shadow session %s (%d of %d) ===%n", s.name(), names.size() + 1, plan.size());
      LocalStack.Options o =
          new LocalStack.Options(
              s.name(), dir, s.input(), s.seed(), null, sessionDuration, pace, false, 0, 0);
      LocalSummary summary = new LocalStack(cfg, o).run(console);
      duplicates += summary.duplicateOrders();
      names.add(s.name());
    }
    var summary = ShadowSummary.write(dir, names);
    console.printf(
        "%nshadow: %d session(s), %d signal(s), P&L %s USD, accuracy %s%nsummary: %s%nreport: %s%n",
        plan.size(),
        summary.get("signals").asInt(),
        summary.get("total_pnl_usd").asText(),
        summary.get("accuracy").isNull() ? "n/a" : summary.get("accuracy").asText(),
        dir.resolve("summary.json"),
        dir.resolve("report.html"));
    return duplicates == 0 ? 0 : 1;
  }
}
