package io.nqflow.runner;

import io.nqflow.core.config.ConfigException;
import io.nqflow.runner.config.ConfigCommand;
import io.nqflow.runner.databento.DatabentoCommand;
import io.nqflow.runner.dbn.DbnCommand;
import io.nqflow.runner.detect.DetectCommand;
import io.nqflow.runner.feed.FeedCommand;
import io.nqflow.runner.feed.ReplayCommand;
import io.nqflow.runner.local.LocalCommand;
import io.nqflow.runner.ops.AuditCli;
import io.nqflow.runner.ops.ControlCli;
import io.nqflow.runner.ops.ExecutionCli;
import io.nqflow.runner.sim.EvaluateCommand;
import io.nqflow.runner.sim.SimulateCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nqflow} command line: every subcommand of docs/design.md §7 that exists so far. */
@Command(
    name = "nqflow",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Trade NQ options on institutional order flow: Kafka + Flink + risk gate + execution.",
    subcommands = {
      LocalCommand.class,
      io.nqflow.runner.soak.SoakCommand.class,
      SimulateCommand.class,
      EvaluateCommand.class,
      DetectCommand.class,
      io.nqflow.runner.detect.BenchCommand.class,
      io.nqflow.runner.feed.BenchFeedCommand.class,
      io.nqflow.runner.bench.BenchLatencyCommand.class,
      ConfigCommand.class,
      DbnCommand.class,
      DatabentoCommand.class,
      ReplayCommand.class,
      io.nqflow.runner.chaos.ChaosCommand.class,
      FeedCommand.class,
      ControlCli.class,
      ExecutionCli.class,
      AuditCli.class,
      io.nqflow.runner.analyze.AnalyzeCommand.class,
      io.nqflow.runner.report.ReportCommand.class,
      io.nqflow.runner.cluster.ClusterCommand.class,
      io.nqflow.runner.cluster.SubmitCommand.class,
      io.nqflow.runner.cluster.JobsCommand.class,
      io.nqflow.runner.cluster.UpgradeCommand.class,
      io.nqflow.runner.ab.AbCommand.class,
      io.nqflow.runner.shadow.ShadowCommand.class,
      io.nqflow.runner.reconcile.ReconcileCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for a configuration that cannot be loaded (every problem is printed). */
  public static final int EXIT_CONFIG = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (used by tests too). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof ConfigException ce) {
            for (var e : ce.errors()) {
              cmd.getErr().println(e.format());
            }
            cmd.getErr().println("nqflow: configuration has " + ce.errors().size() + " problem(s)");
            return EXIT_CONFIG;
          }
          cmd.getErr().println("nqflow: " + ex.getMessage());
          // The full cause chain goes to the log (stderr); NQFLOW_DEBUG=1 shows it at ERROR.
          Logger log = LoggerFactory.getLogger(Main.class);
          if (System.getenv("NQFLOW_DEBUG") != null) {
            log.error("command failed", ex);
          } else {
            log.debug("command failed", ex);
          }
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The build version. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"nqflow " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
