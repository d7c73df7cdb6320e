package io.nqflow.runner.soak;

import io.nqflow.chain.ChainAnalyticsJob;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.runner.local.LocalFlink;
import io.nqflow.runner.local.RunSigningKey;
import io.nqflow.schemas.Topics;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.SimulationResult;
import io.nqflow.simulator.Simulator;
import io.prometheus.client.CollectorRegistry;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/**
 * A soak of the local stack: embedded Kafka, one Flink MiniCluster with flow detection, chain
 * analytics and the risk gate, and the paper execution service, fed for a wall-clock duration with
 * consecutive simulated sessions (weekdays, so weekly options expire on Fridays and new ones are
 * listed) replayed each at a steady multiple of real time, while {@link SoakSampler} records the
 * process's resources, the jobs' state and the flow every few seconds. At the end {@link
 * SoakReport} fits a line to each resource series and says whether it stayed flat.
 */
public final class SoakRun {
  /**
   * What to run.
   *
   * @param outDir the run folder (created owner-only): samples.csv, summary.json, plots/, market/
   * @param duration wall-clock time to feed and sample
   * @param rate replay rate of the sessions
   * @param seed simulator seed
   * @param scale simulated market size ({@code FULL}: about 1,178 instruments)
   * @param sessionMinutes market minutes per simulated session (short sessions pass more days, so
   *     more expiries, in a given time)
   * @param startDate the first simulated session's date (weekdays follow)
   * @param historySessions sessions replayed at max speed before the soak is measured, so that the
   *     detectors' baselines (which average the past {@code baseline.sessions}) are full
   * @param sampleEvery time between samples
   * @param warmup samples before this are in the CSV and plots but not in the fitted trends
   */
  public record Options(
      Path outDir,
      Duration duration,
      SoakRate rate,
      long seed,
      Scale scale,
      int sessionMinutes,
      java.time.LocalDate startDate,
      int historySessions,
      Duration sampleEvery,
      Duration warmup) {
    public Options {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("--duration must be > 0, got " + duration);
      }
      if (sampleEvery.toMillis() < 1000) {
        throw new IllegalArgumentException("--sample-every must be >= 1s, got " + sampleEvery);
      }
      if (historySessions < 0) {
        throw new IllegalArgumentException(
            "--history-sessions must be >= 0, got " + historySessions);
      }
      if (sessionMinutes < 1) {
        throw new IllegalArgumentException("--session-minutes must be >= 1, got " + sessionMinutes);
      }
      if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
        throw new IllegalArgumentException(
            "--warmup must be >= 0 and shorter than --duration, got " + warmup);
      }
    }
  }

  private final NqflowConfig cfg;
  private final Options o;

  public SoakRun(NqflowConfig cfg, Options o) {
    this.cfg = cfg;
    this.o = o;
  }

  /** Runs the soak and writes its outputs; returns the report (verdicts). */
  public SoakReport run(PrintStream out) throws Exception {
    Path runDir = OwnerOnly.createDirectories(o.outDir());
    Market market = market(runDir, out);
    Path work = OwnerOnly.createDirectories(runDir.resolve("work"));
    int metricsPort;
    try (ServerSocket s = new ServerSocket(0)) {
      metricsPort = s.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, work.resolve("kafka"));
        LocalFlink flink =
            LocalFlink.start(
                8,
                metricsPort,
                OwnerOnly.createDirectories(runDir.toAbsolutePath().resolve("checkpoints")),
                OwnerOnly.createDirectories(work.toAbsolutePath().resolve("flink")))) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(
          bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
      JobSettings job = cfg.section(JobSettings.SECTION).withBootstrapServers(bootstrap);
      RunSigningKey signing = RunSigningKey.ephemeral(runDir.getFileName().toString());
      List<SoakSampler.Job> jobs = new ArrayList<>();
      JobID riskGate = flink.submit(LocalFlink.riskGate(cfg, job, signing), "risk-gate");
      JobID detection = flink.submit(LocalFlink.flowDetection(cfg, job), "flow-detection");
      JobID chain = flink.submit(LocalFlink.chainAnalytics(cfg, job), "chain-analytics");
      ExecutionSettings exec =
          cfg.section(ExecutionSettings.SECTION)
              .withKafkaBootstrap(bootstrap)
              .withLedgerUrl(
                  ExecutionSettings.h2LedgerUrl(runDir.resolve("ledger").resolve("ledger")))
              .withSigningKey(signing.key(), signing.keyId());
      jobs.add(
          new SoakSampler.Job(
              "flow-detection",
              detection,
              FlowDetectionJob.NAME + "-" + job.variant(),
              Topics.MARKET_EVENTS.name()));
      jobs.add(
          new SoakSampler.Job(
              "chain-analytics",
              chain,
              ChainAnalyticsJob.NAME + "-" + job.variant(),
              Topics.MARKET_EVENTS.name()));
      jobs.add(
          new SoakSampler.Job(
              "risk-gate",
              riskGate,
              "nqflow-risk-gate-" + job.variant(),
              Topics.FLOW_SIGNALS.name()));
      CollectorRegistry executionMetrics = new CollectorRegistry();
      flink.serveMetrics(executionMetrics);
      try (ExecutionService execution =
              new ExecutionService(exec, ExecutionService.createBroker(exec), executionMetrics);
          ConsumerProgress progress = new ConsumerProgress(bootstrap);
          TopicCounter counter =
              new TopicCounter(
                  bootstrap,
                  List.of(
                      Topics.MARKET_EVENTS.name(),
                      Topics.FLOW_SIGNALS.name(),
                      Topics.ORDERS_APPROVED.name()))) {
        execution.start();
        SoakFeeder feeder =
            new SoakFeeder(
                bootstrap,
                cfg.kafka().clientIdPrefix() + "-feed",
                market.sessions(),
                o.historySessions(),
                market.speed);
        if (o.historySessions() > 0) {
          long t0 = System.nanoTime();
          var h = feeder.replayHistory();
          out.printf(
              "history: %d sessions, %,d events at max speed in %.0f s; waiting for the jobs to"
                  + " commit them%n",
              o.historySessions(), h.events(), (System.nanoTime() - t0) / 1e9);
          awaitCaughtUp(flink, jobs, progress, out);
        }
        // Events, signals and orders are counted from here: the measured part only.
        counter.skipToEnd();
        SoakSampler sampler =
            new SoakSampler(
                flink,
                new FlinkRest(flink.restAddress()),
                metricsPort,
                jobs,
                new SoakSampler.Lag(
                    "execution", exec.consumerGroup(), Topics.ORDERS_APPROVED.name()),
                progress,
                counter,
                feeder);
        sampler.init();
        double load1Start = Probes.load1();
        out.printf(
            "soak: %s at x%.3f (%s), sampling every %ds into %s; metrics on port %d; load average"
                + " %.2f on %d cores%n",
            o.duration(),
            market.speed,
            describe(o.rate(), market),
            o.sampleEvery().toSeconds(),
            runDir.resolve("samples.csv"),
            metricsPort,
            load1Start,
            Runtime.getRuntime().availableProcessors());
        SampleTable table;
        try (var csvOut = OwnerOnly.newOutputStream(runDir.resolve("samples.csv"));
            var writer = new java.io.OutputStreamWriter(csvOut, StandardCharsets.UTF_8);
            SoakCsv csv = new SoakCsv(writer, sampler.columns())) {
          feeder.start();
          table = sampler.loop(o.duration(), o.sampleEvery(), csv, out);
        } finally {
          feeder.stop();
        }
        List<Path> replayed = market.sessions().subList(0, feeder.sessionsStarted());
        Listings listings = Listings.read(replayed);
        table =
            BaselinePopulation.read(
                    replayed,
                    cfg.section(io.nqflow.flow.FlowDetectionSettings.SECTION)
                        .retentionAfterExpiry()
                        .toNanos())
                .addTo(table);
        long lastEventNs = feeder.marketTimeNs();
        SoakReport report =
            SoakReport.of(
                table,
                o.warmup().toSeconds(),
                new SoakReport.RunInfo(
                    o.duration().toSeconds(),
                    o.rate().toString(),
                    market.speed,
                    market.liveEventsPerSecond,
                    o.seed(),
                    o.scale().name().toLowerCase(java.util.Locale.ROOT),
                    o.sessionMinutes(),
                    feeder.sessionsStarted(),
                    o.sampleEvery().toSeconds(),
                    load1Start,
                    Probes.load1(),
                    Runtime.getRuntime().availableProcessors()),
                new SoakReport.Listing(
                    listings.listed(),
                    listings.expiredBy(lastEventNs),
                    listings.retiredBy(lastEventNs)));
        report.write(runDir);
        out.print(report.toTable());
        out.println("summary: " + runDir.resolve("summary.json"));
        flink.cancel(chain);
        flink.cancel(detection);
        flink.cancel(riskGate);
        return report;
      }
    }
  }

  /** Waits until flow detection and chain analytics have committed every md.events offset. */
  private static void awaitCaughtUp(
      LocalFlink flink, List<SoakSampler.Job> jobs, ConsumerProgress progress, PrintStream out)
      throws Exception {
    long t0 = System.nanoTime();
    for (SoakSampler.Job j : jobs) {
      if (!j.topic().equals(Topics.MARKET_EVENTS.name())) {
        continue;
      }
      io.nqflow.core.time.Deadline.await(
          Duration.ofMinutes(30),
          Duration.ofMillis(500),
          j.name() + " to commit the history's md.events offsets",
          () -> {
            flink.checkRunning(j.id(), j.name());
            return progress.lag(j.group(), j.topic()) == 0;
          });
    }
    out.printf("history committed by the jobs after %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private String describe(SoakRate rate, Market m) {
    return String.format(
        java.util.Locale.ROOT,
        "%s; the simulated %d-minute %s sessions average %.0f events/s at x1, %d sessions ready",
        Double.isNaN(rate.multiplier()) ? rate.eventsPerSecond() + " events/s" : "x" + m.speed,
        o.sessionMinutes(),
        o.scale().name().toLowerCase(java.util.Locale.ROOT),
        m.liveEventsPerSecond,
        m.sessions().size());
  }

  /** The simulated sessions, the speed to replay them at and their event rate at x1. */
  private record Market(List<Path> sessions, double speed, double liveEventsPerSecond) {}

  /**
   * Simulates enough consecutive sessions for the duration at the rate (plus one): one probe
   * session first when the rate is given in events per second, to learn the session's own rate.
   */
  private Market market(Path runDir, PrintStream out) throws Exception {
    Path dir = OwnerOnly.createDirectories(runDir.resolve("market"));
    SimulationConfig one =
        SimulationConfig.of(o.seed(), 1, o.scale())
            .withSessionMinutes(o.sessionMinutes())
            .withStartDate(o.startDate())
            .withFullHistory(true);
    double sessionSeconds = o.sessionMinutes() * 60.0;
    double speed;
    double live;
    if (Double.isNaN(o.rate().multiplier())) {
      Path probe = dir.resolve("probe");
      SimulationResult p = Simulator.run(one, probe);
      live = events(p.days().get(0)) / sessionSeconds;
      speed = o.rate().multiplierFor(live);
      deleteTree(probe);
    } else {
      speed = o.rate().multiplier();
      live = Double.NaN;
    }
    int days =
        o.historySessions()
            + (int) Math.ceil(o.duration().toSeconds() * speed / sessionSeconds)
            + 1;
    SimulationConfig all =
        SimulationConfig.of(o.seed(), days, o.scale())
            .withSessionMinutes(o.sessionMinutes())
            .withStartDate(o.startDate())
            .withFullHistory(true);
    SimulationResult r = Simulator.run(all, dir);
    if (Double.isNaN(live)) {
      live = events(r.days().get(0)) / sessionSeconds;
    }
    List<Path> sessions = new ArrayList<>();
    for (SimulationResult.Day d : r.days()) {
      sessions.add(dir.resolve(d.date()));
    }
    out.printf(
        "simulated %d %s sessions of %d min (seed %d) from %s into %s%n",
        days,
        o.scale().name().toLowerCase(java.util.Locale.ROOT),
        o.sessionMinutes(),
        o.seed(),
        r.days().get(0).date(),
        dir);
    return new Market(sessions, speed, live);
  }

  /** md.events of a simulated session: its MBO records (the feed publishes each as one event). */
  private static long events(SimulationResult.Day d) {
    Map<String, Long> rec = d.records();
    return rec.getOrDefault("mbo.dbn", rec.getOrDefault("trades.dbn", 0L));
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
