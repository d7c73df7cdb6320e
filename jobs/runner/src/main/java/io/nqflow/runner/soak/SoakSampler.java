package io.nqflow.runner.soak;

import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.runner.local.LocalFlink;
import io.nqflow.schemas.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the soak's samples: this process's memory after a full GC, threads and open files; the
 * Flink jobs' checkpointed state per task and their instrument-key census; the consumer lag of each
 * job and of the execution service; the events, signals and approved orders on the topics.
 */
final class SoakSampler {
  private static final Logger LOG = LoggerFactory.getLogger(SoakSampler.class);

  /** A Flink job of the soak, with the consumer group and topic its lag is read on. */
  record Job(String name, JobID id, String group, String topic) {}

  /** A consumer whose lag is sampled. */
  record Lag(String name, String group, String topic) {}

  /** Jobs whose keyed operators count their instrument keys (see ReferenceDataJoinOperator). */
  static final List<String> CENSUS_JOBS = List.of("flow-detection", "chain-analytics");

  static final String KEYS = "nqflow_state_instrument_keys";
  static final String EXPIRED = "nqflow_state_instrument_keys_expired";
  static final String OVERDUE = "nqflow_state_instrument_keys_overdue";

  private final LocalFlink flink;
  private final FlinkRest rest;
  private final URI metrics;
  private final List<Job> jobs;
  private final Lag execution;
  private final ConsumerProgress progress;
  private final TopicCounter counter;
  private final SoakFeeder feeder;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> columns = new ArrayList<>();

  /** Per job: its vertices (id to column name) whose state size is sampled. */
  private final Map<Job, Map<String, String>> vertexColumns = new LinkedHashMap<>();

  SoakSampler(
      LocalFlink flink,
      FlinkRest rest,
      int metricsPort,
      List<Job> jobs,
      Lag execution,
      ConsumerProgress progress,
      TopicCounter counter,
      SoakFeeder feeder) {
    this.flink = flink;
    this.rest = rest;
    this.metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    this.jobs = List.copyOf(jobs);
    this.execution = execution;
    this.progress = progress;
    this.counter = counter;
    this.feeder = feeder;
  }

  /** Learns the jobs' tasks and fixes the columns. */
  void init() throws Exception {
    columns.addAll(
        List.of(
            "t_s",
            "heap_after_gc_mib",
            "heap_committed_mib",
            "nonheap_mib",
            "metaspace_mib",
            "code_cache_mib",
            "direct_mib",
            "rss_mib",
            "open_fds",
            "threads",
            "process_cpu_cores",
            "load1",
            "session",
            "market_time_h",
            "events_total",
            "events_per_s",
            "signals_total",
            "signals_per_s",
            "approved_total"));
    for (Job j : jobs) {
      columns.add("lag_" + j.name());
    }
    columns.add("lag_" + execution.name());
    for (String j : CENSUS_JOBS) {
      columns.add("keys_" + j);
      columns.add("keys_expired_" + j);
      columns.add("keys_overdue_" + j);
    }
    columns.add("state_mib_total");
    for (Job j : jobs) {
      Map<String, String> v = new LinkedHashMap<>();
      for (var e : rest.vertices(j.id().toHexString()).entrySet()) {
        String col = "state_mib:" + j.name() + "/" + shortName(e.getValue());
        for (int n = 2; columns.contains(col); n++) {
          col = "state_mib:" + j.name() + "/" + shortName(e.getValue()) + "#" + n;
        }
        v.put(e.getKey(), col);
        columns.add(col);
      }
      vertexColumns.put(j, v);
    }
  }

  /**
   * A task's name for a column: its first operator's name (a task chains operators, named {@code a
   * -> b -> (c, d)}), without the {@code Source: } prefix.
   */
  static String shortName(String vertexName) {
    String s = vertexName;
    int arrow = s.indexOf(" -> ");
    if (arrow > 0) {
      s = s.substring(0, arrow);
    }
    if (s.startsWith("Source: ")) {
      s = s.substring("Source: ".length());
    }
    return s.strip();
  }

  List<String> columns() {
    return List.copyOf(columns);
  }

  /**
   * Samples every {@code every} (from the start, so samples do not drift) for {@code duration}, one
   * CSV line each and a progress line on {@code out} every minute, then once more at the end.
   */
  SampleTable loop(Duration duration, Duration every, SoakCsv csv, PrintStream out)
      throws Exception {
    List<double[]> rows = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    double[] prev = null;
    long lastPrint = start;
    for (long k = 0; ; k++) {
      long due = start + k * every.toNanos();
      if (due > end) {
        break;
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        // Pacing of a periodic sample, not a wait for a condition.
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      check();
      double[] row = sample((System.nanoTime() - start) / 1e9, prev);
      rows.add(row);
      csv.row(row);
      prev = row;
      if (System.nanoTime() - lastPrint >= 60_000_000_000L || k == 0) {
        lastPrint = System.nanoTime();
        out.println(progressLine(row));
      }
    }
    return new SampleTable(columns(), rows);
  }

  private void check() throws Exception {
    for (Job j : jobs) {
      flink.checkRunning(j.id(), j.name());
    }
    if (feeder.failure() != null) {
      throw new IllegalStateException(
          "soak: the feed failed: " + feeder.failure(), feeder.failure());
    }
  }

  private String progressLine(double[] r) {
    return String.format(
        Locale.ROOT,
        "soak: %4.0fs heap after GC %.0f MiB, %.0f fds, %.0f threads, %.0f events/s, state %.1f MiB,"
            + " session %.0f",
        r[col("t_s")],
        r[col("heap_after_gc_mib")],
        r[col("open_fds")],
        r[col("threads")],
        r[col("events_per_s")],
        r[col("state_mib_total")],
        r[col("session")]);
  }

  private int col(String name) {
    return columns.indexOf(name);
  }

  private double[] sample(double t, double[] prev) {
    double[] r = new double[columns.size()];
    java.util.Arrays.fill(r, Double.NaN);
    r[col("t_s")] = t;
    r[col("heap_after_gc_mib")] = Probes.heapAfterGcMib();
    r[col("heap_committed_mib")] = Probes.heapCommittedMib();
    r[col("nonheap_mib")] = Probes.nonHeapMib();
    r[col("metaspace_mib")] = Probes.metaspaceMib();
    r[col("code_cache_mib")] = Probes.codeCacheMib();
    r[col("direct_mib")] = Probes.directMib();
    r[col("rss_mib")] = Probes.rssMib();
    r[col("open_fds")] = Probes.openFds();
    r[col("threads")] = Probes.liveThreads();
    r[col("process_cpu_cores")] = Probes.processCpuCores();
    r[col("load1")] = Probes.load1();
    r[col("session")] = feeder.sessionsStarted();
    r[col("market_time_h")] = feeder.marketTimeNs() / 3.6e12;
    try {
      Map<String, Long> c = counter.poll();
      r[col("events_total")] = c.getOrDefault(Topics.MARKET_EVENTS.name(), 0L);
      r[col("signals_total")] = c.getOrDefault(Topics.FLOW_SIGNALS.name(), 0L);
      r[col("approved_total")] = c.getOrDefault(Topics.ORDERS_APPROVED.name(), 0L);
      if (prev != null) {
        double dt = t - prev[col("t_s")];
        r[col("events_per_s")] = (r[col("events_total")] - prev[col("events_total")]) / dt;
        r[col("signals_per_s")] = (r[col("signals_total")] - prev[col("signals_total")]) / dt;
      }
    } catch (RuntimeException e) {
      LOG.warn("soak: cannot count the topics' records: {}", e.toString());
    }
    for (Job j : jobs) {
      r[col("lag_" + j.name())] = lag(j.group(), j.topic());
    }
    r[col("lag_" + execution.name())] = lag(execution.group(), execution.topic());
    census(r);
    double total = 0;
    boolean any = false;
    for (var e : vertexColumns.entrySet()) {
      try {
        FlinkRest.Checkpoint cp = rest.latestCheckpoint(e.getKey().id().toHexString());
        if (cp.id() < 0) {
          continue;
        }
        for (var v : e.getValue().entrySet()) {
          long bytes = cp.stateBytesByVertex().getOrDefault(v.getKey(), 0L);
          r[col(v.getValue())] = bytes / (1024.0 * 1024.0);
        }
        total += cp.stateBytes();
        any = true;
      } catch (Exception ex) {
        LOG.warn("soak: cannot read the checkpoints of {}: {}", e.getKey().name(), ex.toString());
      }
    }
    r[col("state_mib_total")] = any ? total / (1024.0 * 1024.0) : Double.NaN;
    return r;
  }

  private double lag(String group, String topic) {
    try {
      return progress.lag(group, topic);
    } catch (Exception e) {
      LOG.warn("soak: cannot read the lag of {} on {}: {}", group, topic, e.toString());
      return Double.NaN;
    }
  }

  /** The instrument-key gauges of the keyed reference-data operators, summed per job. */
  private void census(double[] r) {
    try {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      var samples = PromText.parse(page.body());
      Map<String, Double> keys = PromText.sumBy(samples, KEYS, "job_name");
      Map<String, Double> expired = PromText.sumBy(samples, EXPIRED, "job_name");
      Map<String, Double> overdue = PromText.sumBy(samples, OVERDUE, "job_name");
      for (String j : CENSUS_JOBS) {
        // The Prometheus reporter writes job names with '_' for '-'.
        String label = j.replace('-', '_');
        r[col("keys_" + j)] = keys.getOrDefault(label, Double.NaN);
        r[col("keys_expired_" + j)] = expired.getOrDefault(label, Double.NaN);
        r[col("keys_overdue_" + j)] = overdue.getOrDefault(label, Double.NaN);
      }
    } catch (Exception e) {
      LOG.warn("soak: cannot read the metrics at {}: {}", metrics, e.toString());
    }
  }
}
