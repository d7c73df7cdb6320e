package io.nqflow.runner.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the project checkout the CLI runs from ({@code $NQFLOW_HOME}, set by the launcher, or the
 * first parent of the working directory holding {@code jobs/flink-cluster}) and the build outputs
 * the cluster commands use: the cluster classpath and the job jars.
 */
public final class ProjectHome {
  private ProjectHome() {}

  /** The checkout's root folder. */
  public static Path find() {
    String env = System.getenv("NQFLOW_HOME");
    if (env != null && Files.isDirectory(Path.of(env, "jobs"))) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("jobs/flink-cluster/pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the nqflow checkout: set NQFLOW_HOME or run from inside it");
  }

  /**
   * The standalone cluster's classpath, written by the build into {@code
   * jobs/flink-cluster/target/classpath.txt}.
   */
  public static String clusterClasspath(Path home) throws IOException {
    Path file = home.resolve("jobs/flink-cluster/target/classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "the cluster classpath "
              + file
              + " is missing: build it with `mvn -pl jobs/flink-cluster package` (./nqflow does)");
    }
    String cp = Files.readString(file).trim();
    if (cp.isEmpty()) {
      throw new IOException("the cluster classpath " + file + " is empty");
    }
    return cp;
  }

  /** The shaded job jar of {@code kind}: {@code jobs/<module>/target/nqflow-<module>-*-job.jar}. */
  public static Path jobJar(Path home, JobKind kind) throws IOException {
    Path target = home.resolve("jobs").resolve(kind.module()).resolve("target");
    List<Path> jars;
    if (!Files.isDirectory(target)) {
      jars = List.of();
    } else {
      try (Stream<Path> s = Files.list(target)) {
        jars =
            s.filter(
                    p -> {
                      String n = p.getFileName().toString();
                      return n.startsWith("nqflow-" + kind.module() + "-")
                          && n.endsWith("-job.jar");
                    })
                .sorted()
                .toList();
      }
    }
    if (jars.isEmpty()) {
      throw new IOException(
          "no job jar for "
              + kind.cliName()
              + " in "
              + target
              + ": build it with `mvn -pl jobs/"
              + kind.module()
              + " -am package -DskipTests`");
    }
    return jars.get(jars.size() - 1);
  }
}
