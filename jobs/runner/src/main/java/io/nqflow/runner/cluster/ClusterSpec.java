package io.nqflow.runner.cluster;

import io.nqflow.core.files.OwnerOnly;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a standalone cluster is started: ports on 127.0.0.1, task slots and the total process memory
 * of each JVM (Flink memory sizes such as {@code 1536m}). {@link #write} renders Flink's {@code
 * conf/config.yaml} for a {@link ClusterLayout}.
 *
 * @param restPort web UI and REST port
 * @param rpcPort JobManager RPC port (the TaskManager registers there)
 * @param slots task slots of the one TaskManager
 * @param jobManagerMemory {@code jobmanager.memory.process.size}
 * @param taskManagerMemory {@code taskmanager.memory.process.size}
 * @param metricsPorts Prometheus reporter port or range ({@code 9250-9259}); one port per JVM
 */
public record ClusterSpec(
    int restPort,
    int rpcPort,
    int slots,
    String jobManagerMemory,
    String taskManagerMemory,
    String metricsPorts) {

  public static final String LOOPBACK = "127.0.0.1";

  public ClusterSpec {
    checkPort("rest port", restPort);
    checkPort("rpc port", rpcPort);
    if (slots < 1 || slots > 64) {
      throw new IllegalArgumentException("slots must be in [1, 64], got " + slots);
    }
  }

  private static void checkPort(String what, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be in [1, 65535], got " + port);
    }
  }

  /** The REST base URL, e.g. {@code http://127.0.0.1:8081}. */
  public String restUrl() {
    return "http://" + LOOPBACK + ":" + restPort;
  }

  /** Flink's configuration of the cluster: every key as Flink spells it. */
  public Map<String, String> flinkConfig(ClusterLayout layout) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", LOOPBACK);
    c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    c.put("jobmanager.bind-host", LOOPBACK);
    c.put("taskmanager.bind-host", LOOPBACK);
    c.put("taskmanager.host", LOOPBACK);
    c.put("rest.address", LOOPBACK);
    c.put("rest.bind-address", LOOPBACK);
    c.put("rest.port", Integer.toString(restPort));
    c.put("jobmanager.memory.process.size", jobManagerMemory);
    c.put("taskmanager.memory.process.size", taskManagerMemory);
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    c.put("parallelism.default", "1");
    // The jobs set their own backend from the profile's flink.state_backend; this is the default.
    c.put("state.backend.type", "rocksdb");
    c.put("execution.checkpointing.incremental", "true");
    c.put("execution.checkpointing.dir", layout.checkpoints().toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", layout.savepoints().toUri().toString());
    c.put("execution.checkpointing.num-retained", "3");
    // Kept when a job is cancelled or fails for good, so it can be resubmitted from them.
    c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    c.put("io.tmp.dirs", layout.tmp().toString());
    c.put("web.upload.dir", layout.uploads().toString());
    c.put("web.submit.enable", "true");
    c.put("web.cancel.enable", "true");
    // Kafka clients of a finished job may still log from their threads; no error for that.
    c.put("classloader.check-leaked-classloader", "false");
    // A job that fails at start fails for good after a few attempts, so an upgrade can tell.
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "3");
    c.put("restart-strategy.fixed-delay.delay", "5 s");
    c.put(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    c.put("metrics.reporter.prom.port", metricsPorts);
    c.put("metrics.reporter.prom.host", LOOPBACK);
    return c;
  }

  /** Writes {@code conf/config.yaml} and {@code conf/log4j.properties} into the layout. */
  public void write(ClusterLayout layout) throws IOException {
    layout.create();
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Written by `nqflow cluster start`; rewritten on every start.\n");
    for (Map.Entry<String, String> e : flinkConfig(layout).entrySet()) {
      yaml.append(e.getKey()).append(": \"").append(escape(e.getValue())).append("\"\n");
    }
    OwnerOnly.writeString(layout.configFile(), yaml.toString());
    try (var in = ClusterSpec.class.getResourceAsStream("/flink-cluster/log4j.properties")) {
      if (in == null) {
        throw new IOException("resource /flink-cluster/log4j.properties missing from the CLI");
      }
      OwnerOnly.write(layout.conf().resolve("log4j.properties"), in.readAllBytes());
    }
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
