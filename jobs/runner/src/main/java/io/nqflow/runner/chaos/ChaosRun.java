package io.nqflow.runner.chaos;

import io.nqflow.chain.ChainAnalyticsJob;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.time.Deadline;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.runner.local.LocalFlink;
import io.nqflow.runner.local.RunSigningKey;
import io.nqflow.runner.local.SummaryCollector;
import io.nqflow.schemas.Topics;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/**
 * One stack run of the chaos harness: the local stack's parts (embedded Kafka, one Flink
 * MiniCluster with flow detection, chain analytics and the risk gate, the paper execution service,
 * the feed) on a prepared market, with the given faults injected while the live session replays;
 * then it waits until everything has drained and reads what every output topic, the ledger and the
 * broker hold. With no injections it is the fault-free reference.
 */
final class ChaosRun {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  /** What the runs share: configuration, market data, pacing. */
  record Setup(
      NqflowConfig cfg,
      String profile,
      Path configDir,
      List<Path> history,
      Path liveDir,
      Speed speed,
      Duration liveWallTime) {}

  /** What one injection did. */
  record InjectionResult(
      int index,
      FaultKind kind,
      double atSeconds,
      long outageMs,
      double recoverySeconds,
      String detail) {}

  /** What a run produced. */
  record Result(
      String name,
      RunOutcome outcome,
      List<InjectionResult> injections,
      List<String> selfStops,
      int feedStarts,
      int feedFailures,
      int executionStarts,
      double wallSeconds) {

    /** The same result without the (large) outcome, once it has been compared. */
    Result withoutOutcome() {
      return new Result(
          name,
          null,
          injections,
          selfStops,
          feedStarts,
          feedFailures,
          executionStarts,
          wallSeconds);
    }
  }

  private final Setup setup;
  private final PrintStream out;

  ChaosRun(Setup setup, PrintStream out) {
    this.setup = setup;
    this.out = out;
  }

  Result run(String name, Path runDir, List<ChaosPlan.Injection> plan) throws Exception {
    long t0 = System.nanoTime();
    OwnerOnly.createDirectories(runDir);
    Path work = OwnerOnly.createDirectories(runDir.resolve("work"));
    NqflowConfig cfg = setup.cfg();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(port, work.resolve("kafka"));
        LocalFlink flink =
            LocalFlink.start(
                8,
                0,
                OwnerOnly.createDirectories(runDir.toAbsolutePath().resolve("checkpoints")),
                OwnerOnly.createDirectories(work.toAbsolutePath().resolve("flink")))) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(
          bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
      JobSettings job = cfg.section(JobSettings.SECTION).withBootstrapServers(bootstrap);
      RunSigningKey signing = RunSigningKey.ephemeral(name);
      List<JobID> jobs = new ArrayList<>();
      jobs.add(flink.submit(LocalFlink.riskGate(cfg, job, signing), "risk-gate"));
      jobs.add(flink.submit(LocalFlink.flowDetection(cfg, job), "flow-detection"));
      jobs.add(flink.submit(LocalFlink.chainAnalytics(cfg, job), "chain-analytics"));
      String detectionGroup = FlowDetectionJob.NAME + "-" + job.variant();
      String chainGroup = ChainAnalyticsJob.NAME + "-" + job.variant();

      ExecutionSettings exec =
          cfg.section(ExecutionSettings.SECTION)
              .withKafkaBootstrap(bootstrap)
              .withLedgerUrl(
                  ExecutionSettings.h2LedgerUrl(runDir.resolve("ledger").resolve("ledger")))
              .withSigningKey(signing.key(), signing.keyId());
      PaperBroker paper = PaperBroker.from(exec);
      OutageBroker broker = new OutageBroker(paper);
      List<InjectionResult> results = new ArrayList<>();
      try (ExecutionProcess execution = new ExecutionProcess(exec, broker);
          FeedProcess feed =
              new FeedProcess(
                  FeedProcess.writeProfile(
                      runDir.resolve("feed-profile.yaml"),
                      setup.profile(),
                      setup.liveDir(),
                      setup.speed().isMax() ? "max" : "x" + setup.speed().multiplier(),
                      work.resolve("feed")),
                  setup.configDir(),
                  bootstrap,
                  runDir);
          Probe probe = new Probe(bootstrap, flink, jobs, detectionGroup)) {
        if (!execution.start()) {
          throw new IllegalStateException("the execution service did not start (see the log)");
        }
        replayHistory(bootstrap);
        feed.start();
        long liveStart = System.nanoTime();
        Supervisor supervisor = new Supervisor(execution, feed);
        supervisor.start();
        try {
          Injector injector =
              new Injector(kafka, flink, feed, execution, broker, probe, RECOVERY_TIMEOUT);
          for (ChaosPlan.Injection i : plan) {
            long due = liveStart + (long) (i.at() * setup.liveWallTime().toNanos());
            long wait = due - System.nanoTime();
            if (wait > 0) {
              // The plan's time for this fault (not a wait for a condition).
              LockSupport.parkNanos(wait);
            }
            double at = (System.nanoTime() - liveStart) / 1e9;
            out.printf(
                "%s: injection %d at %.1f s: %s (outage %d ms)%n",
                name, i.index(), at, i.kind().cliName(), i.outage().toMillis());
            double recovery = injector.inject(i);
            out.printf(
                "%s: injection %d: %s%s recovered in %.2f s%n",
                name,
                i.index(),
                i.kind().cliName(),
                injector.lastDetail().isEmpty() ? "" : " (" + injector.lastDetail() + ")",
                recovery);
            results.add(
                new InjectionResult(
                    i.index(),
                    i.kind(),
                    at,
                    i.outage().toMillis(),
                    recovery,
                    injector.lastDetail()));
          }
          Deadline.await(
              DRAIN_TIMEOUT,
              Duration.ofMillis(500),
              name + ": the feed to replay the whole live session",
              feed::finishedOk);
          drain(name, probe, bootstrap, detectionGroup, chainGroup, execution);
        } finally {
          supervisor.stop();
        }
        List<String> selfStops = execution.stops();
        int execStarts = execution.starts();
        execution.close();
        RunOutcome outcome = RunOutcome.read(bootstrap, exec, paper, broker.placeCalls());
        printDeadLetters(name, bootstrap);
        for (JobID j : jobs) {
          flink.cancel(j);
        }
        return new Result(
            name,
            outcome,
            results,
            selfStops,
            feed.starts(),
            feed.failures().size(),
            execStarts,
            (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  /**
   * Prints the run's dead letters by stage and reason (a fault that makes an operator give up on a
   * record shows here; the comparison by ids only shows what went missing).
   */
  private void printDeadLetters(String name, String bootstrap) throws Exception {
    java.util.Map<String, Integer> byReason = new java.util.TreeMap<>();
    for (var d :
        new io.nqflow.core.kafka.TopicReader(bootstrap)
            .values(Topics.DEAD_LETTERS, Duration.ofSeconds(30))) {
      String reason = String.valueOf(d.getReason());
      String head = reason.length() > 90 ? reason.substring(0, 90) + "..." : reason;
      byReason.merge(d.getSource() + " / " + d.getStage() + ": " + head, 1, Integer::sum);
    }
    int total = byReason.values().stream().mapToInt(Integer::intValue).sum();
    out.printf("%s: %d dead letter(s)%n", name, total);
    byReason.entrySet().stream()
        .limit(20)
        .forEach(e -> out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
  }

  private void replayHistory(String bootstrap) throws Exception {
    if (setup.history().isEmpty()) {
      return;
    }
    try (FeedPublisher publisher =
        new FeedPublisher(
            bootstrap,
            setup.cfg().kafka().clientIdPrefix() + "-chaos-history",
            (long) setup.cfg().feed().producerBufferMb() << 20,
            FeedPublisher.Mode.PIPELINED)) {
      new ReplayFeed("simulator", publisher, Speed.MAX).run(setup.history(), n -> {});
    }
  }

  /** Waits until every part has taken everything the session produced. */
  private void drain(
      String name,
      Probe probe,
      String bootstrap,
      String detectionGroup,
      String chainGroup,
      ExecutionProcess execution)
      throws Exception {
    try (ConsumerProgress progress = new ConsumerProgress(bootstrap)) {
      for (String group : List.of(detectionGroup, chainGroup)) {
        Deadline.await(
            DRAIN_TIMEOUT,
            Duration.ofMillis(500),
            name + ": " + group + " to commit every md.events offset",
            Injector.tolerant(
                () -> {
                  probe.checkJobs();
                  return progress.lag(group, Topics.MARKET_EVENTS.name()) == 0;
                }));
      }
    }
    SummaryCollector collector = new SummaryCollector(bootstrap);
    Deadline.await(
        DRAIN_TIMEOUT,
        Duration.ofMillis(500),
        name + ": the risk gate to decide every signal",
        () -> {
          probe.checkJobs();
          SummaryCollector.Hops h = collector.read();
          return h.approved().size() + h.rejected().size() >= h.signals().size();
        });
    Deadline.await(
        DRAIN_TIMEOUT,
        Duration.ofMillis(200),
        name + ": the execution service to run",
        execution::supervise);
    ExecutionService current = execution.current();
    current.awaitIdle(DRAIN_TIMEOUT);
  }

  /** Restarts the execution service and the feed when they stop by themselves. */
  private static final class Supervisor {
    private final ExecutionProcess execution;
    private final FeedProcess feed;
    private final Thread thread;
    private volatile boolean running = true;

    Supervisor(ExecutionProcess execution, FeedProcess feed) {
      this.execution = execution;
      this.feed = feed;
      this.thread = new Thread(this::loop, "chaos-supervisor");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void loop() {
      while (running) {
        try {
          if (!execution.suspended()) {
            execution.supervise();
          }
          if (!feed.suspended() && feed.failedExit() != null) {
            feed.restartAfterFailure();
          }
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(ChaosRun.class)
              .warn("chaos supervisor: {}", e.toString());
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(Duration.ofSeconds(30).toMillis());
    }
  }

  /** Reads progress: md.events end, detection commits, job states. */
  static final class Probe implements AutoCloseable {
    private final ConsumerProgress progress;
    private final org.apache.kafka.clients.admin.Admin admin;
    private final LocalFlink flink;
    private final List<JobID> jobs;
    private final String detectionGroup;

    Probe(String bootstrap, LocalFlink flink, List<JobID> jobs, String detectionGroup) {
      this.progress = new ConsumerProgress(bootstrap);
      java.util.Properties p =
          io.nqflow.core.config.KafkaConfig.plaintext(bootstrap).clientProperties();
      // Short timeouts: a probe while the broker restarts answers "not yet" soon.
      p.put("default.api.timeout.ms", "10000");
      p.put("request.timeout.ms", "5000");
      this.admin = org.apache.kafka.clients.admin.Admin.create(p);
      this.flink = flink;
      this.jobs = jobs;
      this.detectionGroup = detectionGroup;
    }

    /** Records on md.events (sum of the partitions' end offsets). */
    long mdEnd() throws Exception {
      String topic = Topics.MARKET_EVENTS.name();
      var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      java.util.Map<
              org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          req = new java.util.HashMap<>();
      partitions
          .partitions()
          .forEach(
              pi ->
                  req.put(
                      new org.apache.kafka.common.TopicPartition(topic, pi.partition()),
                      org.apache.kafka.clients.admin.OffsetSpec.latest()));
      long sum = 0;
      for (var e : admin.listOffsets(req).all().get().values()) {
        sum += e.offset();
      }
      return sum;
    }

    /** md.events records flow detection has committed. */
    long detectionCommitted() throws Exception {
      return mdEnd() - progress.lag(detectionGroup, Topics.MARKET_EVENTS.name());
    }

    long detectionLag() throws Exception {
      return progress.lag(detectionGroup, Topics.MARKET_EVENTS.name());
    }

    boolean jobsRunning() throws Exception {
      for (JobID j : jobs) {
        if (flink.status(j) != JobStatus.RUNNING) {
          return false;
        }
      }
      return true;
    }

    /** Fails when a job has failed for good (its restarts are exhausted). */
    void checkJobs() throws Exception {
      for (JobID j : jobs) {
        flink.checkRunning(j, j.toString());
      }
    }

    @Override
    public void close() {
      progress.close();
      admin.close();
    }
  }
}
