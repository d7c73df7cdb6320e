package io.nqflow.runner.cluster;

import io.nqflow.jobs.common.ProfileOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow submit JOB --cluster URL --profile P [--variant V] [--from-savepoint PATH]}:
 * uploads the job's shaded jar to a session cluster, runs it and waits until it is RUNNING.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description =
        "Uploads a job jar (flow-detection, risk-gate, chain-analytics, signal-evaluation) to a Flink session cluster"
            + " and starts it; prints the job id.")
public final class SubmitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "JOB",
      description = "flow-detection | risk-gate | chain-analytics | signal-evaluation")
  String job;

  @Mixin ClusterOptions cluster = new ClusterOptions();
  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--variant",
      paramLabel = "V",
      description =
          "A/B variant: the job runs the profile with variant V (own consumer group,"
              + " transactional ids, output variant tag, job name and metrics).")
  String variant;

  @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Savepoint to start from.")
  String savepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "Drop savepoint state that no operator of the job claims.")
  boolean allowNonRestoredState;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers; overrides the profile's.")
  String bootstrapServers;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "Job jar; default: the module's shaded jar (jobs/<job>/target/*-job.jar).")
  Path jar;

  @Option(
      names = "--timeout",
      description = "Longest wait for the job to run, seconds. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds = 120;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JobKind kind = JobKind.parse(job);
    Path jarFile = jar != null ? jar : ProjectHome.jobJar(ProjectHome.find(), kind);
    ClusterLayout layout = cluster.layout();
    Deployer deployer = new Deployer(cluster.rest(), layout, out);
    List<String> args =
        deployer.programArgs(
            kind, profile.profile(), variant, profile.configDir(), bootstrapServers);
    Deployer.Release release = deployer.upload(kind, jarFile);
    Deployment d =
        deployer.start(
            kind,
            variant,
            profile.profile(),
            release,
            args,
            savepoint,
            allowNonRestoredState,
            false,
            Duration.ofSeconds(timeoutSeconds));
    out.println(d.jobId());
    out.flush();
    return 0;
  }
}
