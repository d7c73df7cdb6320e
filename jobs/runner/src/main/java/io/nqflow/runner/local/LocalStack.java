package io.nqflow.runner.local;

import io.nqflow.chain.ChainAnalyticsJob;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.SimulatorConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.time.Deadline;
import io.nqflow.eval.report.RunReport;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.FeedSources;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.feed.replay.Speed;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.schemas.Topics;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.SimulationResult;
import io.nqflow.simulator.Simulator;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack (docs/design.md §1): embedded Kafka, one MiniCluster with the Flink jobs, the
 * feed and the paper execution service as its own component, all running at once as in production:
 *
 * <ol>
 *   <li>market data (simulated, or recorded DBN files) is replayed through the feed into md.*:
 *       history sessions as fast as possible, the live session at a chosen multiple of real time;
 *   <li>flow detection, chain analytics and the execution service follow the topics as they fill;
 *       on the paper broker's event clock (execution.paper.clock AUTO or EVENT) the execution
 *       service holds the market back, and the risk gate runs once detection and chain analytics
 *       are done, deciding in event-time order (on the arrival clock, or with --serve, the gate
 *       follows the topics too);
 *   <li>the run ends when detection and chain analytics have committed every md.events offset, the
 *       gate has decided every signal and the execution service has taken every approved order and
 *       (event clock) applied the held market in event time: every speed then gives the same
 *       decisions, orders and fills;
 *   <li>the summary is computed from the topics themselves.
 * </ol>
 */
public final class LocalStack {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration HOP_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  /** How often a long phase (replay, detection catching up) prints a progress line to stderr. */
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final PrintStream progressOut = System.err;

  /** What to run. Null fields fall back to the profile. */
  public record Options(
      String runId,
      Path outputDir,
      Path input,
      Long seed,
      Integer days,
      Duration sessionDuration,
      Speed speed,
      boolean serve,
      int kafkaPort,
      int metricsPort) {}

  private final NqflowConfig cfg;
  private final Options o;

  public LocalStack(NqflowConfig cfg, Options o) {
    this.cfg = cfg;
    this.o = o;
  }

  public static String newRunId() {
    return "local-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /** Inspects the topics at the end of a run, while the broker is still up (tests). */
  @FunctionalInterface
  public interface HopsCheck {
    void check(SummaryCollector.Hops hops) throws Exception;
  }

  public LocalSummary run(PrintStream out) throws Exception {
    return run(out, hops -> {});
  }

  public LocalSummary run(PrintStream out, HopsCheck check) throws Exception {
    long started = System.nanoTime();
    // Everything a run writes (market data, checkpoints, the ledger, the broker's logs while it
    // runs, the summary) stays in its owner-only folder.
    Path runDir = OwnerOnly.createDirectories(o.outputDir().resolve(o.runId()));
    SessionFolders.Split inputs = marketData(runDir, out);
    Path work = OwnerOnly.createDirectories(runDir.resolve("work"));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(o.kafkaPort(), work.resolve("kafka"));
        LocalFlink flink =
            LocalFlink.start(
                8,
                o.metricsPort(),
                OwnerOnly.createDirectories(runDir.toAbsolutePath().resolve("checkpoints")),
                OwnerOnly.createDirectories(work.toAbsolutePath().resolve("flink")))) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(
          bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
      out.println("kafka: " + bootstrap + (o.serve() ? "" : " (this run only)"));

      JobSettings job = cfg.section(JobSettings.SECTION).withBootstrapServers(bootstrap);
      // Only the gate can make an order: it signs each intent with a key of this run, which the
      // execution service verifies.
      RunSigningKey signing = RunSigningKey.ephemeral(o.runId());
      // each submission records the job's configuration on ops.audit (CONFIG_APPLIED)
      NqflowConfig jobCfg = cfg.with(JobSettings.SECTION, job);
      ExecutionSettings exec =
          cfg.section(ExecutionSettings.SECTION)
              .withKafkaBootstrap(bootstrap)
              .withLedgerUrl(
                  ExecutionSettings.h2LedgerUrl(runDir.resolve("ledger").resolve("ledger")))
              .withSigningKey(signing.key(), signing.keyId())
              // recorded or simulated input, whose end the run declares: paper fills in event time
              .resolvePaperClock(true);
      // On the event clock the gate, too, decides in event time: it runs once detection and chain
      // analytics have written everything (a bounded job), so that its decisions do not depend on
      // the replay speed. A serving stack keeps the gate running on new data instead.
      boolean eventGate = exec.eventClock() && !o.serve();
      JobID riskGate = eventGate ? null : submitRiskGate(flink, job, jobCfg, signing, false);
      JobID detection = flink.submit(LocalFlink.flowDetection(cfg, job), "flow-detection", jobCfg);
      JobID chain = flink.submit(LocalFlink.chainAnalytics(cfg, job), "chain-analytics", jobCfg);

      // The execution service's metrics are served with Flink's on the metrics port.
      CollectorRegistry executionMetrics = new CollectorRegistry();
      flink.serveMetrics(executionMetrics);
      try (ExecutionService execution =
          new ExecutionService(exec, ExecutionService.createBroker(exec), executionMetrics)) {
        execution.start();

        ReplayFeed.Stats history = replay(bootstrap, inputs.history(), Speed.MAX);
        ReplayFeed.Stats live = replay(bootstrap, inputs.live(), o.speed());
        out.printf(
            "feed: %,d events (%,d history at max speed, %,d live at %s), %,d instrument"
                + " definitions, %,d dead letters%n",
            history.events() + live.events(),
            history.events(),
            live.events(),
            o.speed().isMax() ? "max speed" : "x" + o.speed().multiplier(),
            history.instruments() + live.instruments(),
            history.deadLetters() + live.deadLetters());

        awaitCommitted(
            flink,
            detection,
            "flow-detection",
            FlowDetectionJob.NAME + "-" + job.variant(),
            bootstrap);
        awaitCommitted(
            flink,
            chain,
            "chain-analytics",
            ChainAnalyticsJob.NAME + "-" + job.variant(),
            bootstrap);
        if (eventGate) {
          riskGate = submitRiskGate(flink, job.withBounded(true), jobCfg, signing, true);
          flink.awaitSuccess(riskGate, HOP_TIMEOUT);
        }
        SummaryCollector collector = new SummaryCollector(bootstrap);
        SummaryCollector.Hops hops = awaitDecisions(collector, flink, riskGate);
        awaitExecution(execution, hops.approved().size());
        hops = collector.read();
        check.check(hops);
        RunOutcomes.write(flink, jobCfg, job, runDir, out);

        LocalSummary summary =
            collector.summarize(o.runId(), hops, (System.nanoTime() - started) / 1e9);
        OwnerOnly.writeString(runDir.resolve("summary.json"), summary.toJson());
        out.println();
        out.print(summary.toTable());
        out.println("\nsummary: " + runDir.resolve("summary.json"));
        writeReport(runDir, out);

        if (o.serve()) {
          serve(out, bootstrap);
        }
        flink.cancel(chain);
        flink.cancel(detection);
        flink.cancel(riskGate);
        return summary;
      }
    }
  }

  /**
   * Writes the run's report.html from its outcomes.jsonl (a run without outcomes gets a report
   * saying so); a report that cannot be written is reported, not fatal: the summary is written.
   */
  private static void writeReport(Path runDir, PrintStream out) {
    try {
      out.println("report: " + RunReport.write(runDir));
    } catch (IOException | IllegalArgumentException e) {
      out.println("report: not written: " + e.getMessage());
    }
  }

  /** Submits the risk gate: as it arrives, or (eventOrder, bounded job) in event-time order. */
  private JobID submitRiskGate(
      LocalFlink flink,
      JobSettings job,
      NqflowConfig jobCfg,
      RunSigningKey signing,
      boolean eventOrder)
      throws Exception {
    // each submission records the job's configuration on ops.audit (CONFIG_APPLIED)
    return flink.submit(
        LocalFlink.riskGate(cfg, job, signing, eventOrder),
        "risk-gate",
        LocalFlink.riskGateConfig(jobCfg, signing));
  }

  private SessionFolders.Split marketData(Path runDir, PrintStream out) throws Exception {
    if (o.input() != null) {
      return SessionFolders.split(o.input());
    }
    var sim = cfg.simulator();
    int minutes =
        o.sessionDuration() != null
            ? (int) Math.max(1, o.sessionDuration().toMinutes())
            : sim.sessionMinutes();
    // The profile's simulator section (regime, micro chains) with the command line's overrides.
    SimulationConfig sc =
        FeedSources.simulation(
            new SimulatorConfig(
                o.seed() != null ? o.seed() : sim.seed(),
                o.days() != null ? o.days() : sim.days(),
                sim.scale(),
                minutes,
                sim.regime(),
                sim.microChains()));
    Path dir = runDir.resolve("market");
    SimulationResult r = Simulator.run(sc, dir);
    out.printf(
        "simulated %d session(s) of %d min (seed %d) with %d labelled episodes into %s%n",
        r.days().size(), minutes, sc.seed(), r.episodes().size(), dir);
    return SessionFolders.split(dir);
  }

  private ReplayFeed.Stats replay(String bootstrap, List<Path> files, Speed speed)
      throws Exception {
    if (files.isEmpty()) {
      return new ReplayFeed.Stats(0, 0, 0, 0, 0);
    }
    // About one MBO record per 56 bytes: an estimate of the records to come, for the time left.
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.isRegularFile(f) ? Files.size(f) : 0;
    }
    long estimate = bytes / 56;
    ProgressLine line = new ProgressLine(progressOut, "feed: records", PROGRESS_EVERY.toNanos());
    try (FeedPublisher publisher =
        new FeedPublisher(
            bootstrap,
            cfg.kafka().clientIdPrefix() + "-feed",
            (long) cfg.feed().producerBufferMb() << 20,
            speed.isMax() ? FeedPublisher.Mode.PIPELINED : FeedPublisher.Mode.DIRECT)) {
      ReplayFeed feed =
          new ReplayFeed(o.input() == null ? "simulator" : "replay", publisher, speed);
      line.withMarketTime(feed::marketTime);
      return feed.run(files, n -> line.report(n, estimate));
    }
  }

  /**
   * Waits until a job reading md.events (flow detection, chain analytics) has committed (on a
   * checkpoint) every md.events offset: all it wrote for the session is then on its topics, since
   * sinks flush before a checkpoint completes.
   */
  private void awaitCommitted(
      LocalFlink flink, JobID job, String name, String group, String bootstrap) throws Exception {
    long[] lastLag = {Long.MAX_VALUE};
    long[] lastProgress = {System.nanoTime()};
    long[] initialLag = {-1};
    ProgressLine line =
        new ProgressLine(progressOut, name + ": md.events committed", PROGRESS_EVERY.toNanos());
    try (ConsumerProgress progress = new ConsumerProgress(bootstrap)) {
      Deadline.await(
          HOP_TIMEOUT,
          Duration.ofMillis(200),
          name + " to commit every md.events offset",
          () -> {
            long lag = progress.lag(group, Topics.MARKET_EVENTS.name());
            if (lag == 0) {
              return true;
            }
            if (initialLag[0] < 0) {
              initialLag[0] = lag;
            }
            line.report(Math.max(0, initialLag[0] - lag), initialLag[0]);
            flink.checkRunning(job, name);
            long now = System.nanoTime();
            if (lag < lastLag[0]) {
              lastLag[0] = lag;
              lastProgress[0] = now;
            }
            // Offsets move only when checkpoints complete; a minute without progress means they
            // fail.
            if (now - lastProgress[0] > STALL_TIMEOUT.toNanos()) {
              throw new TimeoutException(
                  name
                      + " has not committed md.events offsets for "
                      + STALL_TIMEOUT
                      + " ("
                      + lag
                      + " records behind); are its checkpoints failing? See the log above.");
            }
            return false;
          });
    }
  }

  /** Waits until the gate has decided every signal (one decision per unique signal id). */
  private SummaryCollector.Hops awaitDecisions(
      SummaryCollector collector, LocalFlink flink, JobID riskGate) throws Exception {
    SummaryCollector.Hops[] last = new SummaryCollector.Hops[1];
    try {
      Deadline.await(
          HOP_TIMEOUT,
          Duration.ofMillis(250),
          "the risk gate to decide every signal",
          () -> {
            last[0] = collector.read();
            long decided = last[0].approved().size() + last[0].rejected().size();
            if (decided >= last[0].signals().size()) {
              return true;
            }
            flink.checkRunning(riskGate, "risk-gate");
            return false;
          });
    } catch (TimeoutException e) {
      throw new TimeoutException(e.getMessage() + ": " + undecided(last[0]));
    }
    return last[0];
  }

  /** Which signals have no decision yet (at most five), for the timeout's message. */
  static String undecided(SummaryCollector.Hops h) {
    if (h == null) {
      return "the topics could not be read";
    }
    java.util.Set<String> decided = new java.util.HashSet<>();
    h.approved().values().forEach(i -> decided.add(i.getSignalId()));
    h.rejected().values().forEach(d -> decided.add(d.getSignalId()));
    List<String> open =
        h.signals().values().stream()
            .filter(s -> !decided.contains(s.getSignalId()))
            .map(
                s ->
                    s.getSignalId()
                        + " ("
                        + s.getAlgorithm()
                        + ", ts_event "
                        + s.getTsEvent()
                        + ")")
            .toList();
    return h.signals().size()
        + " signals, "
        + h.approved().size()
        + " approved, "
        + h.rejected().size()
        + " rejected; without a decision: "
        + open.size()
        + (open.isEmpty() ? "" : ", e.g. " + open.subList(0, Math.min(5, open.size())))
        + "; see ops.deadletter and the risk gate's log";
  }

  /** Waits until the execution service has taken every approved order and gone idle. */
  private static void awaitExecution(ExecutionService execution, int approved) throws Exception {
    Deadline.await(
        HOP_TIMEOUT,
        Duration.ofMillis(100),
        "the execution service to take all " + approved + " approved orders",
        () -> {
          if (execution.failure().isPresent()) {
            throw new IllegalStateException(
                "execution service failed: " + execution.failure().get(),
                execution.failure().get());
          }
          return execution.stats().intentsReceived() >= approved;
        });
    // The replay is over and the gate has decided every signal: on the event clock the paper
    // market, held until now, runs to its end (no-op on the arrival clock).
    execution.endOfInput();
    execution.awaitIdle(HOP_TIMEOUT);
  }

  private void serve(PrintStream out, String bootstrap) throws Exception {
    out.printf(
        "%nserving: Kafka %s, Prometheus http://127.0.0.1:%d/metrics; the jobs and the execution"
            + " service keep running on new data (e.g. nqflow replay). Ctrl-C to stop.%n",
        bootstrap, o.metricsPort());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "nqflow-local-stop"));
    stop.await();
  }
}
