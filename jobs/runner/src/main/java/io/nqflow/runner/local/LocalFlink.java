package io.nqflow.runner.local;

import io.nqflow.chain.ChainAnalyticsJob;
import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.eval.EvaluationSettings;
import io.nqflow.eval.SignalEvaluationJob;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.risk.RiskGateJob;
import io.nqflow.risk.RiskSettings;
import io.nqflow.runner.ops.ConfigAudits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink MiniCluster for the local stack: every job of the run is submitted to it, so they share
 * slots, metrics and the Prometheus endpoint like jobs on a real session cluster.
 */
public final class LocalFlink implements AutoCloseable {
  private final MiniCluster cluster;
  private final ServicesPrometheusReporterFactory.Services services;
  private int taskManagerIndex;

  private LocalFlink(MiniCluster cluster, ServicesPrometheusReporterFactory.Services services) {
    this.cluster = cluster;
    this.services = services;
  }

  /**
   * Starts the cluster.
   *
   * @param slots task slots (jobs of parallelism p need p slots each)
   * @param metricsPort Prometheus port for Flink's and the services' metrics (the feed's in the
   *     default registry, others added with {@link #serveMetrics}), or 0 for none
   * @param checkpointDir where checkpoints go (state outgrows the JobManager's memory quickly)
   */
  public static LocalFlink start(int slots, int metricsPort, java.nio.file.Path checkpointDir)
      throws Exception {
    return start(slots, metricsPort, checkpointDir, null);
  }

  /**
   * Starts the cluster as {@link #start(int, int, java.nio.file.Path)} does, with Flink's working
   * files (blobs, spilled data, uploads) under {@code tmpDir} instead of the system's temporary
   * folder; null keeps Flink's default.
   */
  public static LocalFlink start(
      int slots, int metricsPort, java.nio.file.Path checkpointDir, java.nio.file.Path tmpDir)
      throws Exception {
    Configuration conf = new Configuration();
    if (tmpDir != null) {
      conf.set(CoreOptions.TMP_DIRS, tmpDir.toAbsolutePath().toString());
    }
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    conf.set(
        TaskManagerOptions.MANAGED_MEMORY_SIZE,
        org.apache.flink.configuration.MemorySize.ofMebiBytes(256));
    ServicesPrometheusReporterFactory.Services services = null;
    if (metricsPort > 0) {
      services = ServicesPrometheusReporterFactory.newServices();
      conf.setString(
          "metrics.reporter.prom.factory.class", ServicesPrometheusReporterFactory.class.getName());
      conf.setString("metrics.reporter.prom.port", Integer.toString(metricsPort));
      conf.setString(
          "metrics.reporter.prom." + ServicesPrometheusReporterFactory.ARG_SERVICES, services.id());
      conf.set(MetricOptions.LATENCY_INTERVAL, Duration.ZERO);
    }
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    try {
      cluster.start();
    } catch (Exception e) {
      if (services != null) {
        services.close();
      }
      throw e;
    }
    return new LocalFlink(cluster, services);
  }

  /**
   * Serves the metrics of {@code registry} (a service of this run, e.g. the execution service) on
   * the cluster's Prometheus port next to Flink's; nothing when the cluster serves no metrics.
   */
  public void serveMetrics(io.prometheus.client.CollectorRegistry registry) {
    if (services != null) {
      services.add(registry);
    }
  }

  /** The flow-detection job of a run's own stack, as {@code nqflow local} submits it. */
  public static StreamExecutionEnvironment flowDetection(NqflowConfig cfg, JobSettings job) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    Environments.configure(env, job);
    FlowDetectionJob.build(
        env, job, cfg.section(FlowDetectionSettings.SECTION).withVariant(job.variant()));
    return env;
  }

  private static final java.time.Duration BOUNDED_RETENTION = java.time.Duration.ofDays(7);

  /**
   * The signal-evaluation job of a run's own stack: bounded over what the run wrote to its topics,
   * so every shadow trade ends (EXPIRY at the end of the input at the latest) and a replay gives
   * the same outcomes at any speed.
   */
  public static StreamExecutionEnvironment signalEvaluation(NqflowConfig cfg, JobSettings job) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    JobSettings bounded = job.withBounded(true);
    Environments.configure(env, bounded);
    // the shadow trade is the order this run's gate would make: its bracket, quantity, multipliers
    RiskSettings risk = cfg.section(RiskSettings.SECTION);
    EvaluationSettings evaluation =
        cfg.section(EvaluationSettings.SECTION)
            .withVariant(job.variant())
            .withBracket(
                risk.orderQuantity(),
                risk.entrySlippageFraction(),
                risk.stopLossFraction(),
                risk.profitTargetFraction(),
                risk.nqMultiplierUsd(),
                risk.mnqMultiplierUsd());
    // A bounded run keeps every print of the run (a week's retention): a signal read long after
    // the prints it needs (the sources are read at their own pace) is still followed from its own
    // time, so the outcomes do not depend on how fast each topic was read.
    if (evaluation.retention().compareTo(BOUNDED_RETENTION) < 0) {
      evaluation = evaluation.withRetention(BOUNDED_RETENTION);
    }
    SignalEvaluationJob.build(env, bounded, evaluation, true);
    return env;
  }

  /** The chain-analytics job of a run's own stack, as {@code nqflow local} submits it. */
  public static StreamExecutionEnvironment chainAnalytics(NqflowConfig cfg, JobSettings job) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    Environments.configure(env, job);
    ChainAnalyticsJob.build(
        env, job, cfg.section(ChainAnalyticsSettings.SECTION).withVariant(job.variant()));
    return env;
  }

  /** The risk-gate job of a run's own stack (its topics were created for the run). */
  public static StreamExecutionEnvironment riskGate(NqflowConfig cfg, JobSettings job) {
    return riskGate(cfg, job, null);
  }

  /**
   * The risk-gate job of a run's own stack that signs its intents with {@code signing} (null: as
   * the profile says).
   */
  public static StreamExecutionEnvironment riskGate(
      NqflowConfig cfg, JobSettings job, RunSigningKey signing) {
    return riskGate(cfg, job, signing, false);
  }

  /**
   * As {@link #riskGate(NqflowConfig, JobSettings, RunSigningKey)}; with {@code eventOrder} (and a
   * bounded {@code job}) the gate decides in event-time order once its input ends.
   */
  public static StreamExecutionEnvironment riskGate(
      NqflowConfig cfg, JobSettings job, RunSigningKey signing, boolean eventOrder) {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    Environments.configure(env, job);
    RiskSettings risk = cfg.section(RiskSettings.SECTION).withVariant(job.variant());
    if (signing != null) {
      risk = risk.withSigningKey(signing.key(), signing.keyId());
    }
    // The topics are this run's own: the gate must decide the first signals too, even when
    // detection writes them before the gate's source has looked for the end of signals.flow.
    RiskGateJob.attach(env, job, risk, true, eventOrder);
    return env;
  }

  /** The configuration of the risk gate {@link #riskGate} builds with {@code signing}. */
  public static NqflowConfig riskGateConfig(NqflowConfig cfg, RunSigningKey signing) {
    RiskSettings risk = cfg.section(RiskSettings.SECTION);
    return signing == null
        ? cfg
        : cfg.with(RiskSettings.SECTION, risk.withSigningKey(signing.key(), signing.keyId()));
  }

  /** The cluster's REST address (e.g. for checkpoint statistics), {@code http://host:port}. */
  public java.net.URI restAddress() throws Exception {
    return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
  }

  /** Submits the pipeline defined in {@code env} and returns its job id. */
  public JobID submit(StreamExecutionEnvironment env, String jobName) throws Exception {
    var graph = env.getStreamGraph();
    graph.setJobName(jobName);
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }

  /**
   * Submits the pipeline as {@link #submit(StreamExecutionEnvironment, String)} does and records
   * the job's configuration {@code cfg} (what the pipeline was built from) on ops.audit of the
   * job's Kafka cluster (CONFIG_APPLIED).
   */
  public JobID submit(StreamExecutionEnvironment env, String jobName, NqflowConfig cfg)
      throws Exception {
    JobID id = submit(env, jobName);
    ConfigAudits.job(ConfigAudits.bootstrapOf(cfg), jobName, cfg, id.toHexString());
    return id;
  }

  public JobStatus status(JobID id) throws Exception {
    return cluster.getJobStatus(id).get(30, TimeUnit.SECONDS);
  }

  /** Waits for a bounded job to finish and fails with its cause if it did not succeed. */
  public void awaitSuccess(JobID id, Duration timeout) throws Exception {
    JobResult result = cluster.requestJobResult(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!result.isSuccess()) {
      Throwable cause =
          result
              .getSerializedThrowable()
              .map(t -> t.deserializeError(getClass().getClassLoader()))
              .orElse(null);
      throw new IllegalStateException("job " + id + " failed: " + cause, cause);
    }
  }

  /** Fails if the job has failed or stopped; used while waiting on an unbounded job's output. */
  public void checkRunning(JobID id, String name) throws Exception {
    JobStatus s = status(id);
    if (s.isGloballyTerminalState() || s == JobStatus.FAILING) {
      JobResult result = cluster.requestJobResult(id).get(30, TimeUnit.SECONDS);
      Throwable cause =
          result
              .getSerializedThrowable()
              .map(t -> t.deserializeError(getClass().getClassLoader()))
              .orElse(null);
      throw new IllegalStateException("job " + name + " stopped (" + s + "): " + cause, cause);
    }
  }

  /**
   * Closes the current TaskManager without warning (its tasks fail as when its process dies) and
   * starts a new one: the jobs restart from their last checkpoint on its slots. Used by the chaos
   * harness.
   */
  public synchronized void loseTaskManager() throws Exception {
    cluster.terminateTaskManager(taskManagerIndex).get(60, TimeUnit.SECONDS);
    // The cluster keeps the closed TaskManager in its list: the new one is the next index.
    taskManagerIndex++;
    cluster.startTaskManager();
  }

  public void cancel(JobID id) throws Exception {
    JobStatus s = status(id);
    if (!s.isGloballyTerminalState()) {
      cluster.cancelJob(id).get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      cluster.close();
    } finally {
      if (services != null) {
        services.close();
      }
    }
  }
}
