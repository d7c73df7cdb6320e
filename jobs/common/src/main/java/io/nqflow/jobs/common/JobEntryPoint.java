package io.nqflow.jobs.common;

import io.nqflow.core.config.ConfigException;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line every job jar's {@code main} shares: {@code --profile} (and {@code
 * --config-dir}) read the same way as the CLI's commands, plus the few run-time switches a cluster
 * submission needs. A subclass names its sections and runs the job.
 */
public abstract class JobEntryPoint implements Callable<Integer> {
  @Mixin protected ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers; overrides the profile's kafka.bootstrap_servers.")
  protected String bootstrapServers;

  @Option(
      names = "--bounded",
      description = "Read the input topics up to their current end and stop (backtests).")
  protected boolean bounded;

  /** Why the profile did not load, for the submission's error (null when it loaded). */
  private String profileError;

  /** The component sections the job reads from the profile. */
  protected abstract List<ConfigSection<?>> sections();

  /** Runs the job with the resolved profile and its job settings (blocks for bounded runs). */
  protected abstract void run(NqflowConfig cfg, JobSettings job) throws Exception;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg;
    try {
      cfg = profile.load(sections());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      profileError = e.getMessage();
      return 2;
    }
    JobSettings job = cfg.section(JobSettings.SECTION).withBounded(bounded);
    if (bootstrapServers != null) {
      job = job.withBootstrapServers(bootstrapServers);
    }
    run(cfg, job);
    return 0;
  }

  /**
   * Parses {@code args} and runs the job; a usage or profile error fails the submission with the
   * message instead of exiting the JVM (on a cluster, main runs inside the JobManager).
   */
  public static void run(JobEntryPoint command, String[] args) {
    CommandLine cli = new CommandLine(command);
    // The job's own failure (e.g. a savepoint Flink refuses to restore) becomes the cause of the
    // submission's error, so that a REST client sees it and not only the JobManager's stderr.
    Exception[] failure = new Exception[1];
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          failure[0] = ex;
          return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
    int code = cli.execute(args);
    if (code != 0) {
      String why =
          command.profileError != null
              ? ": " + command.profileError
              : failure[0] != null
                  ? ": " + failure[0].getMessage()
                  : " (the reason is printed above)";
      throw new IllegalArgumentException(
          "job entry point failed with exit code " + code + why, failure[0]);
    }
  }
}
