package io.nqflow.runner.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow cluster start|stop|status}: a standalone Flink session cluster on this machine
 * (JobManager and TaskManager JVMs on 127.0.0.1, web UI on {@code --port}).
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "A standalone Flink session cluster on 127.0.0.1 (JobManager and TaskManager JVMs, web UI,"
            + " RocksDB, checkpoint and savepoint folders): start, stop, status.",
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Stop.class,
      ClusterCommand.Status.class
    })
public final class ClusterCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Cluster folder (config, logs, pids, checkpoints, savepoints). Default: ${DEFAULT-VALUE}.")
  Path dir = Path.of(ClusterLayout.DEFAULT_DIR);

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  ClusterLayout layout(Path own) {
    return new ClusterLayout(own != null ? own : dir);
  }

  /** {@code --dir} after the subcommand's name ({@code cluster start --dir DIR}). */
  public static final class DirOption {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Cluster folder; default: ./" + ClusterLayout.DEFAULT_DIR + ".")
    Path dir;
  }

  /** {@code nqflow cluster start}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Starts the JobManager and one TaskManager and waits until the slots are up.")
  public static final class Start implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;
    @picocli.CommandLine.Mixin DirOption own = new DirOption();
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Web UI / REST port. Default: ${DEFAULT-VALUE}.")
    int port = 8081;

    @Option(names = "--rpc-port", description = "JobManager RPC port. Default: ${DEFAULT-VALUE}.")
    int rpcPort = 6123;

    @Option(names = "--slots", description = "Task slots. Default: ${DEFAULT-VALUE}.")
    int slots = 4;

    @Option(
        names = "--jm-memory",
        description = "JobManager process memory. Default: ${DEFAULT-VALUE}.")
    String jmMemory = "1024m";

    @Option(
        names = "--tm-memory",
        description = "TaskManager process memory. Default: ${DEFAULT-VALUE}.")
    String tmMemory = "1536m";

    @Option(
        names = "--metrics-ports",
        description =
            "Prometheus reporter port range, one port per JVM. Default: ${DEFAULT-VALUE}.")
    String metricsPorts = "9250-9259";

    @Option(
        names = "--timeout",
        description =
            "Longest wait for the cluster to come up, seconds. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds = 120;

    @Override
    public Integer call() throws IOException {
      ClusterSpec cs = new ClusterSpec(port, rpcPort, slots, jmMemory, tmMemory, metricsPorts);
      String cp = ProjectHome.clusterClasspath(ProjectHome.find());
      StandaloneCluster cluster =
          new StandaloneCluster(parent.layout(own.dir), spec.commandLine().getOut());
      cluster.start(cs, cp, Duration.ofSeconds(timeoutSeconds));
      return 0;
    }
  }

  /** {@code nqflow cluster stop}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stops the TaskManager and the JobManager (running jobs stop with them).")
  public static final class Stop implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;
    @picocli.CommandLine.Mixin DirOption own = new DirOption();
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      new StandaloneCluster(parent.layout(own.dir), spec.commandLine().getOut())
          .stop(Duration.ofSeconds(30));
      return 0;
    }
  }

  /** {@code nqflow cluster status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Prints the JobManager, TaskManager, slots and jobs; exit code 1 when down.")
  public static final class Status implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;
    @picocli.CommandLine.Mixin DirOption own = new DirOption();
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--cluster",
        paramLabel = "URL",
        description =
            "REST URL; default: the one `cluster start` recorded, else http://127.0.0.1:8081.")
    String url;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      ClusterLayout layout = parent.layout(own.dir);
      StandaloneCluster cluster = new StandaloneCluster(layout, out);
      for (ClusterProcess p : ClusterProcess.values()) {
        out.println(
            p.fileName()
                + ": "
                + cluster
                    .running(p)
                    .map(h -> "running (pid " + h.pid() + ")")
                    .orElse("not running from " + layout.dir()));
      }
      String u = ClusterUrls.resolve(url, layout);
      try {
        FlinkRest rest = new FlinkRest(u);
        JsonNode o = rest.overview();
        out.printf(
            "rest: %s (Flink %s)%ntaskmanagers: %d%nslots: %d total, %d available%n"
                + "jobs: %d running, %d finished, %d cancelled, %d failed%n",
            u,
            o.path("flink-version").asText("?"),
            o.path("taskmanagers").asInt(),
            o.path("slots-total").asInt(),
            o.path("slots-available").asInt(),
            o.path("jobs-running").asInt(),
            o.path("jobs-finished").asInt(),
            o.path("jobs-cancelled").asInt(),
            o.path("jobs-failed").asInt());
        for (JsonNode j : rest.jobs()) {
          out.printf(
              "  %s  %-10s %s%n",
              j.path("jid").asText(), j.path("state").asText(), j.path("name").asText());
        }
        out.flush();
        return 0;
      } catch (IOException e) {
        out.println("rest: " + u + " does not answer (" + e.getMessage() + ")");
        out.flush();
        return 1;
      }
    }
  }
}
