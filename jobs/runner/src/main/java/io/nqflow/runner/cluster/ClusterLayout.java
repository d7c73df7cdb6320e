package io.nqflow.runner.cluster;

import io.nqflow.core.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder of a standalone cluster ({@code nqflow cluster start --dir DIR}, default {@code
 * ./outputs/cluster}): Flink's {@code conf/config.yaml}, logs, pid files, RocksDB working
 * directories, checkpoints and savepoints, and the deployment records of {@code nqflow submit}.
 */
public record ClusterLayout(Path dir) {
  /** The default cluster folder, relative to the working directory. */
  public static final String DEFAULT_DIR = "outputs/cluster";

  public ClusterLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  public Path conf() {
    return dir.resolve("conf");
  }

  public Path configFile() {
    return conf().resolve("config.yaml");
  }

  public Path logs() {
    return dir.resolve("log");
  }

  public Path checkpoints() {
    return dir.resolve("checkpoints");
  }

  public Path savepoints() {
    return dir.resolve("savepoints");
  }

  public Path tmp() {
    return dir.resolve("tmp");
  }

  public Path uploads() {
    return dir.resolve("uploads");
  }

  /** Deployment records of submitted jobs, one JSON file per Flink job id. */
  public Path deployments() {
    return dir.resolve("deployments");
  }

  /** Copies of the job jars that were submitted, kept for rollbacks. */
  public Path releases() {
    return dir.resolve("releases");
  }

  /** Profiles written for {@code --variant} submissions. */
  public Path profiles() {
    return dir.resolve("profiles");
  }

  public Path pidFile(ClusterProcess process) {
    return dir.resolve(process.fileName() + ".pid");
  }

  /** The REST address the cluster was started with (read by status, submit and jobs). */
  public Path restUrlFile() {
    return dir.resolve("rest.url");
  }

  /** Creates every folder of the layout. */
  public void create() throws IOException {
    // Owner-only: the folder holds logs, profiles and deployment records.
    OwnerOnly.createDirectories(dir);
    for (Path p :
        new Path[] {
          conf(),
          logs(),
          checkpoints(),
          savepoints(),
          tmp(),
          uploads(),
          deployments(),
          releases(),
          profiles()
        }) {
      OwnerOnly.createDirectories(p);
    }
  }

  /** The REST URL recorded by {@code cluster start}, or null. */
  public String recordedRestUrl() throws IOException {
    return Files.isRegularFile(restUrlFile()) ? Files.readString(restUrlFile()).trim() : null;
  }
}
