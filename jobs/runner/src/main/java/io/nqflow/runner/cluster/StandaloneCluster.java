package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.nqflow.core.files.OwnerOnly;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on loopback: one JobManager JVM ({@code
 * StandaloneSessionClusterEntrypoint}) and one TaskManager JVM ({@code TaskManagerRunner}) started
 * from the jars the build listed in {@code jobs/flink-cluster/target/classpath.txt}. The processes
 * outlive the command that started them; their pids are kept in the cluster folder.
 */
public final class StandaloneCluster {
  /** The JVM flags Flink's own scripts pass on Java 17. */
  private static final List<String> JAVA17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final ClusterLayout layout;
  private final PrintWriter out;

  public StandaloneCluster(ClusterLayout layout, PrintWriter out) {
    this.layout = layout;
    this.out = out;
  }

  /**
   * Writes the configuration, starts the JobManager and the TaskManager and waits until REST
   * answers and the TaskManager's slots are registered.
   *
   * @throws IOException when a process is already running, dies, or the cluster is not up in time
   */
  public void start(ClusterSpec spec, String classpath, Duration timeout) throws IOException {
    for (ClusterProcess p : ClusterProcess.values()) {
      Optional<ProcessHandle> running = running(p);
      if (running.isPresent()) {
        throw new IOException(
            p.fileName()
                + " of "
                + layout.dir()
                + " is already running (pid "
                + running.get().pid()
                + "): `nqflow cluster stop` first");
      }
    }
    checkFree(spec.restPort(), "REST (--port)");
    checkFree(spec.rpcPort(), "JobManager RPC (--rpc-port)");
    spec.write(layout);
    OwnerOnly.writeString(layout.restUrlFile(), spec.restUrl() + "\n");
    Configuration conf = new Configuration();
    spec.flinkConfig(layout).forEach(conf::setString);

    long deadline = System.nanoTime() + timeout.toNanos();
    FlinkRest rest = new FlinkRest(spec.restUrl());
    Process jm = launch(ClusterProcess.JOBMANAGER, jobManagerArgs(conf), classpath);
    Process tm = null;
    try {
      out.println("jobmanager started (pid " + jm.pid() + "), waiting for " + spec.restUrl());
      out.flush();
      awaitRest(rest, jm, deadline);
      tm = launch(ClusterProcess.TASKMANAGER, taskManagerArgs(conf), classpath);
      out.println("taskmanager started (pid " + tm.pid() + "), waiting for its slots");
      out.flush();
      awaitSlots(rest, spec.slots(), jm, tm, deadline);
    } catch (IOException | RuntimeException e) {
      // no half cluster left behind: stop what this start launched
      for (Process p : new Process[] {tm, jm}) {
        if (p != null) {
          p.destroyForcibly();
        }
      }
      Files.deleteIfExists(layout.pidFile(ClusterProcess.TASKMANAGER));
      Files.deleteIfExists(layout.pidFile(ClusterProcess.JOBMANAGER));
      throw e;
    }
    out.println(
        "cluster up: web UI and REST at "
            + spec.restUrl()
            + ", "
            + spec.slots()
            + " slot(s), folder "
            + layout.dir());
    out.flush();
  }

  /** Fails when something (another cluster?) already listens on the loopback port. */
  private static void checkFree(int port, String what) throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new java.net.InetSocketAddress(ClusterSpec.LOOPBACK, port));
    } catch (IOException e) {
      throw new IOException(
          "the "
              + what
              + " port "
              + port
              + " on "
              + ClusterSpec.LOOPBACK
              + " is in use (another cluster? `nqflow cluster status`); pick another port",
          e);
    }
  }

  /** Stops the TaskManager, then the JobManager; removes the pid files. Returns how many ran. */
  public int stop(Duration timeout) throws IOException {
    int stopped = 0;
    for (ClusterProcess p : List.of(ClusterProcess.TASKMANAGER, ClusterProcess.JOBMANAGER)) {
      Optional<ProcessHandle> h = running(p);
      if (h.isPresent()) {
        ProcessHandle ph = h.get();
        ph.destroy();
        try {
          ph.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          out.println(p.fileName() + " (pid " + ph.pid() + ") did not stop in time: killing it");
          ph.destroyForcibly();
          try {
            ph.onExit().get(10, TimeUnit.SECONDS);
          } catch (Exception e2) {
            throw new IOException(p.fileName() + " (pid " + ph.pid() + ") cannot be stopped", e2);
          }
        }
        out.println("stopped " + p.fileName() + " (pid " + ph.pid() + ")");
        stopped++;
      }
      Files.deleteIfExists(layout.pidFile(p));
    }
    if (stopped == 0) {
      out.println("no cluster process running for " + layout.dir());
    }
    out.flush();
    return stopped;
  }

  /** The live process of {@code p} recorded in the pid file, if it still runs Flink's class. */
  public Optional<ProcessHandle> running(ClusterProcess p) throws IOException {
    Path pidFile = layout.pidFile(p);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        // a reused pid belongs to another program: leave it alone (the command line is cut at
        // 4 KiB on Linux, before the main class, so the program name is what can be checked)
        .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true));
  }

  private List<String> jobManagerArgs(Configuration conf) {
    conf.set(
        JobManagerOptions.TOTAL_PROCESS_MEMORY,
        MemorySize.parse(conf.getString("jobmanager.memory.process.size", "1024m")));
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
    List<String> jvm = split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf));
    List<String> dynamic = split(JobManagerProcessUtils.generateDynamicConfigsStr(spec));
    return join(jvm, dynamic);
  }

  private List<String> taskManagerArgs(Configuration conf) {
    conf.set(
        TaskManagerOptions.TOTAL_PROCESS_MEMORY,
        MemorySize.parse(conf.getString("taskmanager.memory.process.size", "1536m")));
    // What `BashJavaUtils GET_TM_RESOURCE_PARAMS` prints for Flink's scripts.
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    List<String> dynamic = split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
    return join(jvm, dynamic);
  }

  /** JVM flags first, then a separator, then the program's dynamic properties. */
  private static List<String> join(List<String> jvm, List<String> dynamic) {
    List<String> all = new ArrayList<>(jvm);
    all.add("--");
    all.addAll(dynamic);
    return all;
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }

  private Process launch(ClusterProcess p, List<String> memoryArgs, String classpath)
      throws IOException {
    int sep = memoryArgs.indexOf("--");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(memoryArgs.subList(0, sep));
    cmd.add("-XX:+UseG1GC");
    cmd.addAll(JAVA17_OPENS);
    Path log = layout.logs().resolve("flink-" + p.fileName() + ".log");
    cmd.add("-Dlog.file=" + log);
    cmd.add("-Dlog4j.configurationFile=" + layout.conf().resolve("log4j.properties").toUri());
    cmd.add("-Dlog4j2.configurationFile=" + layout.conf().resolve("log4j.properties").toUri());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(p.mainClass());
    cmd.add("--configDir");
    cmd.add(layout.conf().toString());
    cmd.addAll(memoryArgs.subList(sep + 1, memoryArgs.size()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.directory(layout.dir().toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(
        ProcessBuilder.Redirect.appendTo(layout.logs().resolve(p.fileName() + ".out").toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process proc = pb.start();
    OwnerOnly.writeString(layout.pidFile(p), proc.pid() + "\n");
    return proc;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase().contains("win") ? "NUL" : "/dev/null");
  }

  private void awaitRest(FlinkRest rest, Process jm, long deadline) throws IOException {
    while (true) {
      try {
        rest.overview();
        return;
      } catch (IOException e) {
        checkAlive(jm, ClusterProcess.JOBMANAGER);
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "the jobmanager's REST endpoint "
                  + rest.base()
                  + " did not answer in time; see "
                  + layout.logs(),
              e);
        }
        sleep(300);
      }
    }
  }

  private void awaitSlots(FlinkRest rest, int slots, Process jm, Process tm, long deadline)
      throws IOException {
    while (true) {
      JsonNode o = rest.overview();
      if (o.path("taskmanagers").asInt() >= 1 && o.path("slots-total").asInt() >= slots) {
        return;
      }
      checkAlive(jm, ClusterProcess.JOBMANAGER);
      checkAlive(tm, ClusterProcess.TASKMANAGER);
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the taskmanager did not register in time (overview: " + o + "); see " + layout.logs());
      }
      sleep(300);
    }
  }

  private void checkAlive(Process proc, ClusterProcess p) throws IOException {
    if (!proc.isAlive()) {
      Files.deleteIfExists(layout.pidFile(p));
      throw new IOException(
          p.fileName()
              + " exited with code "
              + proc.exitValue()
              + " during start; last lines of its output:\n"
              + tail(layout.logs().resolve(p.fileName() + ".out"))
              + tail(layout.logs().resolve("flink-" + p.fileName() + ".log")));
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    } catch (IOException e) {
      return "";
    }
  }

  static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
