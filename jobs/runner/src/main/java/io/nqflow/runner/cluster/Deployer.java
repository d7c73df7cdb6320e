package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.runner.ops.ConfigAudits;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deploys job jars to a session cluster over REST: builds the job's arguments (profile, variant,
 * config folder, broker), uploads and runs the jar, waits until the job runs (and checkpoints), and
 * stops jobs with a savepoint. Shared by {@code submit} and {@code upgrade}.
 */
public final class Deployer {
  private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> FAILED_STATES =
      Set.of("FAILED", "FAILING", "CANCELED", "CANCELLING", "RESTARTING", "FINISHED", "SUSPENDED");

  private final FlinkRest rest;
  private final ClusterLayout layout;
  private final PrintWriter out;

  public Deployer(FlinkRest rest, ClusterLayout layout, PrintWriter out) {
    this.rest = rest;
    this.layout = layout;
    this.out = out;
  }

  /**
   * The arguments of a job jar's main: {@code --profile} (a generated profile extending the given
   * one when {@code variant} is set), an absolute {@code --config-dir} (the JobManager runs main in
   * another working directory) and {@code --bootstrap-servers} when given.
   */
  public List<String> programArgs(
      JobKind kind, String profile, String variant, Path configDir, String bootstrapServers)
      throws IOException {
    Path cfgDir = configDir.toAbsolutePath().normalize();
    String profileArg = profile;
    if (variant != null) {
      if (!VARIANT.matcher(variant).matches()) {
        throw new IllegalArgumentException(
            "variant '" + variant + "' must match " + VARIANT.pattern());
      }
      Path base = ConfigLoader.resolveProfile(profile, cfgDir).toAbsolutePath();
      if (!Files.isRegularFile(base)) {
        throw new IOException("profile '" + profile + "' not found at " + base);
      }
      String stem = base.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      Path overlay =
          layout.profiles().resolve(kind.cliName() + "-" + stem + "-" + variant + ".yaml");
      OwnerOnly.createDirectories(layout.profiles());
      OwnerOnly.writeString(
          overlay,
          "# Written by `nqflow submit --variant "
              + variant
              + "`: profile "
              + profile
              + " run as variant "
              + variant
              + ".\nprofile: "
              + stem
              + "-"
              + variant
              + "\nextends: \""
              + base.toString().replace("\\", "/")
              + "\"\nvariant: \""
              + variant
              + "\"\n");
      profileArg = overlay.toString();
    } else if (profile.contains("/") || profile.endsWith(".yaml") || profile.endsWith(".yml")) {
      profileArg = Path.of(profile).toAbsolutePath().normalize().toString();
    }
    List<String> args =
        new ArrayList<>(List.of("--profile", profileArg, "--config-dir", cfgDir.toString()));
    if (bootstrapServers != null) {
      args.add("--bootstrap-servers");
      args.add(bootstrapServers);
    }
    return args;
  }

  /** Copies the jar into the cluster folder's releases and uploads it; returns the jar id. */
  public Release upload(JobKind kind, Path jar) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("job jar " + jar + " does not exist");
    }
    OwnerOnly.createDirectories(layout.releases());
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path copy = layout.releases().resolve(kind.cliName() + "-" + stamp + ".jar");
    Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
    String jarId = rest.uploadJar(copy);
    out.println("uploaded " + jar.getFileName() + " as " + jarId);
    out.flush();
    return new Release(jarId, copy);
  }

  /** An uploaded jar: its id on the cluster and the archived copy it came from. */
  public record Release(String jarId, Path jar) {}

  /**
   * Runs an uploaded jar and waits until the job is RUNNING (and, if asked, has completed a
   * checkpoint); records the deployment.
   *
   * @throws NonRestoredStateException when the savepoint holds state the job has no operator for
   * @throws StartFailedException when the job does not start or fails within {@code timeout}
   */
  public Deployment start(
      JobKind kind,
      String variant,
      String profile,
      Release release,
      List<String> args,
      String savepoint,
      boolean allowNonRestoredState,
      boolean awaitCheckpoint,
      Duration timeout)
      throws IOException {
    String jobId;
    try {
      jobId =
          rest.runJar(release.jarId(), kind.entryClass(), args, savepoint, allowNonRestoredState);
    } catch (FlinkRest.FlinkRestException e) {
      if (NonRestoredStateException.matches(e.fullText())) {
        throw new NonRestoredStateException(savepoint, null, e.fullText());
      }
      throw new StartFailedException(
          null,
          "the cluster could not run the job's main: "
              + e.getMessage()
              + "\n  (more in the JobManager's output: "
              + layout.logs().resolve("jobmanager.out")
              + " on a cluster started with `nqflow cluster start`)");
    }
    Deployment d =
        new Deployment(
            jobId,
            kind.cliName(),
            variant,
            profile,
            release.jarId(),
            release.jar().toString(),
            kind.entryClass(),
            List.copyOf(args),
            savepoint,
            Instant.now().toString());
    d.save(layout);
    out.println("started job " + jobId + (savepoint == null ? "" : " from " + savepoint));
    out.flush();
    awaitRunning(jobId, savepoint, awaitCheckpoint, timeout);
    recordConfiguration(kind, args, jobId);
    return d;
  }

  /**
   * Records the started job's configuration on ops.audit (CONFIG_APPLIED), resolved from its
   * program arguments in this process; a failure is reported, not thrown: the job runs.
   */
  private void recordConfiguration(JobKind kind, List<String> args, String jobId) {
    try {
      NqflowConfig cfg = ConfigAudits.fromProgramArgs(args);
      AuditEvent e = ConfigAudits.job(ConfigAudits.bootstrapOf(cfg), kind.cliName(), cfg, jobId);
      out.println(
          "configuration "
              + e.getDetails().get(AuditDetails.CONFIG_DIGEST).substring(0, 12)
              + " recorded on "
              + Topics.AUDIT.name());
    } catch (RuntimeException e) {
      out.println(
          "warning: the job's configuration was not recorded on ops.audit: " + e.getMessage());
    }
    out.flush();
  }

  /** Polls the job until it runs (and checkpoints); throws when it fails or time runs out. */
  public void awaitRunning(
      String jobId, String savepoint, boolean awaitCheckpoint, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "?";
    while (System.nanoTime() < deadline) {
      JsonNode job;
      try {
        job = rest.job(jobId);
      } catch (FlinkRest.FlinkRestException e) {
        if (e.status() == 404) {
          StandaloneCluster.sleep(300);
          continue;
        }
        throw e;
      }
      state = job.path("state").asText();
      if (FAILED_STATES.contains(state)) {
        String cause = rootException(jobId);
        if (NonRestoredStateException.matches(cause)) {
          throw new NonRestoredStateException(savepoint, jobId, cause);
        }
        throw new StartFailedException(jobId, "job " + jobId + " is " + state + ": " + cause);
      }
      if ("RUNNING".equals(state)) {
        if (!awaitCheckpoint || completedCheckpoints(jobId) >= 1) {
          out.println(
              "job "
                  + jobId
                  + " is RUNNING"
                  + (awaitCheckpoint ? " and has completed a checkpoint" : ""));
          out.flush();
          return;
        }
      }
      StandaloneCluster.sleep(500);
    }
    throw new StartFailedException(
        jobId,
        "job "
            + jobId
            + " was not "
            + (awaitCheckpoint ? "RUNNING with a completed checkpoint" : "RUNNING")
            + " within "
            + timeout.toSeconds()
            + " s (last state "
            + state
            + ")");
  }

  private int completedCheckpoints(String jobId) throws IOException {
    return rest.checkpoints(jobId).path("counts").path("completed").asInt();
  }

  private String rootException(String jobId) {
    try {
      JsonNode ex = rest.exceptions(jobId);
      String root = ex.path("root-exception").asText("");
      if (root.isEmpty() && ex.path("exceptionHistory").path("entries").size() > 0) {
        root = ex.path("exceptionHistory").path("entries").get(0).path("stacktrace").asText("");
      }
      return root.isEmpty() ? "(no exception reported)" : root;
    } catch (IOException e) {
      return "(exceptions unavailable: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops the job with a savepoint into the cluster's savepoint folder and returns its path.
   *
   * @throws IOException when the savepoint fails (the job then keeps running) or takes too long
   */
  public String stopWithSavepoint(String jobId, Duration timeout) throws IOException {
    String trigger = rest.stopWithSavepoint(jobId, null);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode s = rest.savepointStatus(jobId, trigger);
      if ("COMPLETED".equals(s.path("status").path("id").asText())) {
        JsonNode op = s.path("operation");
        if (op.hasNonNull("location")) {
          String location = op.get("location").asText();
          out.println("stopped job " + jobId + " with savepoint " + location);
          out.flush();
          return location;
        }
        throw new IOException(
            "stop-with-savepoint of job "
                + jobId
                + " failed (the job keeps running): "
                + op.path("failure-cause").path("stack-trace").asText(op.toString()));
      }
      StandaloneCluster.sleep(500);
    }
    throw new IOException(
        "stop-with-savepoint of job "
            + jobId
            + " did not complete within "
            + timeout.toSeconds()
            + " s");
  }

  /** Cancels a job unless it already ended; errors are reported, not thrown. */
  public void cancelQuietly(String jobId) {
    try {
      String state = rest.job(jobId).path("state").asText();
      if (!Set.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
        rest.cancel(jobId);
        out.println("cancelled job " + jobId + " (was " + state + ")");
      }
    } catch (IOException e) {
      out.println("could not cancel job " + jobId + ": " + e.getMessage());
    }
    out.flush();
  }

  /** The savepoint holds state that the new job has no operator (uid) for. */
  public static final class NonRestoredStateException extends IOException {
    private final String jobId;

    NonRestoredStateException(String savepoint, String jobId, String flinkText) {
      super(
          "refused: savepoint "
              + savepoint
              + " holds state of operators the new job does not have (a removed or renamed uid);"
              + " restoring it would drop that state. Pass --allow-non-restored-state to drop it."
              + "\nFlink: "
              + firstLines(flinkText));
      this.jobId = jobId;
    }

    /** The failed job, or null when Flink refused the submission itself. */
    public String jobId() {
      return jobId;
    }

    static boolean matches(String text) {
      return text != null
          && (text.contains("allowNonRestoredState")
              || text.contains("Cannot map checkpoint/savepoint state"));
    }

    private static String firstLines(String text) {
      String[] lines = text.split("\n");
      for (String l : lines) {
        if (l.contains("Cannot map") || l.contains("allowNonRestoredState")) {
          return l.trim();
        }
      }
      return lines.length > 0 ? lines[0] : text;
    }
  }

  /** The job did not reach RUNNING (or its first checkpoint) in time, or failed. */
  public static final class StartFailedException extends IOException {
    private final String jobId;

    StartFailedException(String jobId, String message) {
      super(message);
      this.jobId = jobId;
    }

    /** The job that failed, or null when none was created. */
    public String jobId() {
      return jobId;
    }
  }
}
