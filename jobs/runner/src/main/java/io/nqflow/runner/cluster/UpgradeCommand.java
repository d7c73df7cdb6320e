package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow upgrade JOB --cluster URL [--profile P]}: stops the running job with a savepoint,
 * starts the new jar from it and waits until it runs and checkpoints; if the new version fails,
 * starts the old jar again from the same savepoint. Exit codes: 0 upgraded, 3 rolled back, 4
 * refused (the savepoint holds state the new job would drop) and rolled back.
 */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description =
        "Stop-with-savepoint, start the new version from it, roll back to the old one if it fails.")
public final class UpgradeCommand implements Callable<Integer> {
  public static final int EXIT_ROLLED_BACK = 3;
  public static final int EXIT_REFUSED = 4;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "JOB",
      description = "flow-detection | risk-gate | chain-analytics | signal-evaluation")
  String job;

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Option(
      names = "--profile",
      paramLabel = "NAME|FILE",
      description = "Profile of the new version; default: the running job's.")
  String profile;

  @Option(names = "--config-dir", paramLabel = "DIR", description = "Folder of profiles.")
  Path configDir;

  @Option(
      names = "--variant",
      paramLabel = "V",
      description = "Which running variant to upgrade; needed when several run.")
  String variant;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "New job jar; default: the module's freshly built shaded jar.")
  Path jar;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers of the new version; default: the running job's.")
  String bootstrapServers;

  @Option(
      names = "--allow-non-restored-state",
      description =
          "Start the new version even if savepoint state of removed operators is dropped.")
  boolean allowNonRestoredState;

  @Option(
      names = "--timeout",
      description =
          "Longest wait for the new version to run and complete a checkpoint, seconds."
              + " Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds = 120;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JobKind kind = JobKind.parse(job);
    FlinkRest rest = cluster.rest();
    ClusterLayout layout = cluster.layout();
    Deployer deployer = new Deployer(rest, layout, out);
    String oldJobId = runningJob(rest, layout, kind);
    Deployment old =
        Deployment.load(layout, oldJobId)
            .orElseThrow(
                () ->
                    new IOException(
                        "job "
                            + oldJobId
                            + " has no deployment record in "
                            + layout.deployments()
                            + ": upgrade needs the jar and arguments it was submitted with"
                            + " (submit it with `nqflow submit --dir "
                            + layout.dir()
                            + "`)"));

    Path cfg = configDir != null ? configDir : configDirOf(old);
    String newProfile = profile != null ? profile : old.profile();
    String servers = bootstrapServers != null ? bootstrapServers : bootstrapOf(old);
    List<String> newArgs = deployer.programArgs(kind, newProfile, old.variant(), cfg, servers);
    Path newJar = jar != null ? jar : ProjectHome.jobJar(ProjectHome.find(), kind);
    Deployer.Release release = deployer.upload(kind, newJar);

    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    String savepoint = deployer.stopWithSavepoint(oldJobId, timeout);
    IOException failure;
    try {
      Deployment d =
          deployer.start(
              kind,
              old.variant(),
              newProfile,
              release,
              newArgs,
              savepoint,
              allowNonRestoredState,
              true,
              timeout);
      out.println("upgraded " + kind.cliName() + ": job " + d.jobId() + " runs from " + savepoint);
      out.println(d.jobId());
      out.flush();
      return 0;
    } catch (Deployer.NonRestoredStateException e) {
      failure = e;
      if (e.jobId() != null) {
        deployer.cancelQuietly(e.jobId());
      }
    } catch (Deployer.StartFailedException e) {
      failure = e;
      if (e.jobId() != null) {
        deployer.cancelQuietly(e.jobId());
      }
    }
    out.println("new version failed: " + failure.getMessage());
    out.println("rolling back to the old version (jar " + old.jarId() + ") from " + savepoint);
    out.flush();
    Deployer.Release oldRelease = oldRelease(rest, deployer, kind, old);
    Deployment back =
        deployer.start(
            kind,
            old.variant(),
            old.profile(),
            oldRelease,
            old.programArgs(),
            savepoint,
            false,
            true,
            timeout);
    out.println("rolled back: job " + back.jobId() + " runs the old version from " + savepoint);
    out.println(back.jobId());
    out.flush();
    spec.commandLine().getErr().println("nqflow: upgrade failed: " + failure.getMessage());
    return failure instanceof Deployer.NonRestoredStateException ? EXIT_REFUSED : EXIT_ROLLED_BACK;
  }

  /** The one running job of {@code kind} (and {@code --variant}). */
  private String runningJob(FlinkRest rest, ClusterLayout layout, JobKind kind) throws IOException {
    List<String> found = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (JsonNode j : rest.jobs()) {
      if (!"RUNNING".equals(j.path("state").asText())) {
        continue;
      }
      String id = j.path("jid").asText();
      String name = j.path("name").asText();
      Deployment d = Deployment.load(layout, id).orElse(null);
      boolean sameKind = d != null ? d.job().equals(kind.cliName()) : kind.variantOf(name) != null;
      if (!sameKind) {
        continue;
      }
      String v = d != null && d.variant() != null ? d.variant() : kind.variantOf(name);
      if (variant == null || variant.equals(v)) {
        found.add(id);
        described.add(id + " (" + name + ")");
      }
    }
    if (found.size() != 1) {
      throw new IOException(
          (found.isEmpty() ? "no running " : "several running ")
              + kind.cliName()
              + " jobs"
              + (variant == null ? "" : " of variant " + variant)
              + " on "
              + rest.base()
              + (found.isEmpty() ? "" : ": " + described + "; pick one with --variant"));
    }
    return found.get(0);
  }

  /** The old jar on the cluster, uploaded again from its archived copy if the cluster lost it. */
  private static Deployer.Release oldRelease(
      FlinkRest rest, Deployer deployer, JobKind kind, Deployment old) throws IOException {
    if (rest.jarIds().contains(old.jarId())) {
      return new Deployer.Release(old.jarId(), Path.of(old.jar()));
    }
    return deployer.upload(kind, Path.of(old.jar()));
  }

  private static Path configDirOf(Deployment d) {
    return Path.of(argAfter(d.programArgs(), "--config-dir"));
  }

  private static String bootstrapOf(Deployment d) {
    return argAfter(d.programArgs(), "--bootstrap-servers");
  }

  private static String argAfter(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }
}
