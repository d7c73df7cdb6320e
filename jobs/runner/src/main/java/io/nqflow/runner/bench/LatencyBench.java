package io.nqflow.runner.bench;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.core.time.Deadline;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.MergedDbnReader;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.feed.replay.Speed;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.runner.local.LocalFlink;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.SimulationResult;
import io.nqflow.simulator.Simulator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;

/**
 * The harness of {@code nqflow bench-latency}: the local stack (embedded Kafka, one MiniCluster
 * with flow detection and the risk gate, the execution service with the paper broker) fed as if
 * live. The history sessions warm the baselines up first; once every job has caught up, the live
 * session is published at a fixed rate with wall-clock event times ({@link LiveClockSink}) and
 * every signal it raises is followed hop by hop ({@link HopCollector}).
 */
public final class LatencyBench {
  private static final Duration HOP_TIMEOUT = Duration.ofMinutes(10);

  /**
   * What to run.
   *
   * @param runDir where the market data, checkpoints and ledger of this run go
   * @param input recorded DBN files (history + live session), or null to simulate
   * @param scale simulator scale when simulating
   * @param sessionMinutes market minutes per simulated session
   * @param rate live events per second
   * @param duration wall time of the live phase
   * @param maxEvents live events at most
   * @param liveSessions how many of the last sessions are published live, back to back (one session
   *     raises a few dozen signals; a percentile wants more)
   */
  public record Options(
      Path runDir,
      Path input,
      long seed,
      int days,
      Scale scale,
      int sessionMinutes,
      int rate,
      Duration duration,
      long maxEvents,
      int liveSessions) {}

  /** The stamps of every live signal and what the run did. */
  public record Result(List<SignalHops> signals, Map<String, Object> run) {
    public LatencyReport report() {
      return new LatencyReport(signals, run);
    }
  }

  private final NqflowConfig cfg;
  private final Options o;

  /** Live signals the gate rejected, by violated rule. */
  private final Map<String, Long> rejectedBy = new java.util.TreeMap<>();

  public LatencyBench(NqflowConfig cfg, Options o) {
    this.cfg = cfg;
    this.o = o;
  }

  public Result run(PrintStream out) throws Exception {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("load_average_start", load());
    run.put("garbage_collectors", collectors());
    Files.createDirectories(o.runDir());
    SessionFolders.Split inputs = marketData(out);
    if (inputs.live().isEmpty()) {
      throw new IllegalArgumentException("no live session in the market data");
    }
    // History and definitions move by one shift so that the live session starts now.
    long shift = EpochNanos.now() - firstEventTs(inputs.live());

    try (EmbeddedKafka kafka = EmbeddedKafka.start(0);
        LocalFlink flink =
            LocalFlink.start(8, 0, o.runDir().toAbsolutePath().resolve("checkpoints"))) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(
          bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
      JobSettings job = cfg.section(JobSettings.SECTION).withBootstrapServers(bootstrap);
      JobID gate = flink.submit(LocalFlink.riskGate(cfg, job), "risk-gate");
      JobID detection = flink.submit(LocalFlink.flowDetection(cfg, job), "flow-detection");
      ExecutionSettings exec =
          cfg.section(ExecutionSettings.SECTION)
              .withKafkaBootstrap(bootstrap)
              .withLedgerUrl(
                  ExecutionSettings.h2LedgerUrl(o.runDir().resolve("ledger").resolve("ledger")));
      try (ExecutionService execution =
              new ExecutionService(exec, ExecutionService.createBroker(exec));
          HopCollector hops = new HopCollector(bootstrap);
          FeedPublisher publisher =
              new FeedPublisher(
                  bootstrap,
                  cfg.kafka().clientIdPrefix() + "-feed",
                  (long) cfg.feed().producerBufferMb() << 20)) {
        execution.start();
        hops.start();
        String source = o.input() == null ? "simulator" : "replay";

        long t0 = System.nanoTime();
        ReplayFeed.Stats history =
            new ReplayFeed(source, LiveClockSink.history(publisher, shift), Speed.MAX)
                .run(inputs.history(), n -> {});
        awaitAll(flink, detection, gate, execution, hops, bootstrap, job);
        out.printf(
            Locale.ROOT,
            "warm-up: %,d history events published and processed in %.1f s; %,d signals%n",
            history.events(),
            (System.nanoTime() - t0) / 1e9,
            hops.signals().size());

        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        RunControl control = RunControl.fromStart();
        LiveClockSink live =
            LiveClockSink.live(
                publisher, shift, o.rate(), o.maxEvents(), o.duration().toNanos(), control);
        new ReplayFeed(source, live, Speed.MAX).run(inputs.live(), n -> {}, control);
        double liveSeconds = live.elapsedNanos() / 1e9;
        // CPU this JVM (broker, jobs, feed, execution) burnt per wall second while publishing.
        double cores = (processCpuNanos() - cpu0) / (double) (System.nanoTime() - wall0);
        run.put("process_cpu_cores_live", cores);
        run.put("available_processors", Runtime.getRuntime().availableProcessors());
        out.printf(
            Locale.ROOT,
            "live: %,d events in %.1f s (%,.0f events/s, target %,d)%s%n",
            live.published(),
            liveSeconds,
            liveSeconds > 0 ? live.published() / liveSeconds : 0.0,
            o.rate(),
            control.stopRequested() ? "" : "; the live session ended before the time was up");
        awaitAll(flink, detection, gate, execution, hops, bootstrap, job);
        hops.check();

        List<SignalHops> signals = stamps(hops, live.firstTs());
        run.put("rate_target_events_per_s", o.rate());
        run.put("live_events", live.published());
        run.put("live_seconds", liveSeconds);
        run.put("rate_achieved_events_per_s", liveSeconds > 0 ? live.published() / liveSeconds : 0);
        run.put("history_events", history.events());
        run.put("signals", signals.size());
        run.put("approved", signals.stream().filter(SignalHops::approved).count());
        run.put("orders_sent", signals.stream().filter(s -> s.orderSent() > 0).count());
        run.put("rejected_by_rule", new LinkedHashMap<>(rejectedBy));
        run.put("load_average_end", load());
        flink.cancel(detection);
        flink.cancel(gate);
        return new Result(signals, run);
      }
    }
  }

  /**
   * The garbage collectors of this JVM: every component runs in it, so a stop-the-world pause
   * stalls every hop at once (ParallelGC's young pauses show in the tails; see --help).
   */
  static String collectors() {
    return String.join(
        "+",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(java.lang.management.GarbageCollectorMXBean::getName)
            .toList());
  }

  /** CPU time of this process, ns; -1 when the JVM does not tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The 1-minute load average of the machine (the benchmark shares it). */
  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Joins what the collector saw into one row per live signal (ts_event from the live phase). */
  private List<SignalHops> stamps(HopCollector hops, long liveStart) {
    List<HopCollector.Received<FlowSignal>> live = new ArrayList<>();
    Set<Long> triggers = new HashSet<>();
    for (var r : hops.signals().values()) {
      if (liveStart > 0 && r.value().getTsEvent() >= liveStart) {
        live.add(r);
        triggers.add(r.value().getTsEvent());
      }
    }
    Map<Long, Long> md = triggers.isEmpty() ? Map.of() : hops.mdAppendMillis(triggers);
    Map<String, Long> sent = hops.sentNanos();
    Map<String, Long> accepted = hops.acceptedNanos();
    List<SignalHops> out = new ArrayList<>();
    rejectedBy.clear();
    for (var r : live) {
      FlowSignal s = r.value();
      var intent = hops.intents().get(s.getSignalId());
      var rejection = hops.rejections().get(s.getSignalId());
      long decision = -1;
      long intentReceived = -1;
      long orderSent = -1;
      long orderAccepted = -1;
      if (intent != null) {
        OrderIntent i = intent.value();
        decision = i.getTsDecision();
        intentReceived = intent.receivedNanos();
        orderSent = sent.getOrDefault(i.getClientOrderId(), -1L);
        orderAccepted = accepted.getOrDefault(i.getClientOrderId(), -1L);
      } else if (rejection != null) {
        RiskDecision d = rejection.value();
        decision = d.getTsDecision();
        for (var v : d.getViolations()) {
          rejectedBy.merge(v.getRule(), 1L, Long::sum);
        }
      }
      Long append = md.get(s.getTsEvent());
      out.add(
          new SignalHops(
              s.getSignalId(),
              s.getAlgorithm(),
              s.getTsEvent(),
              append == null ? -1 : append * 1_000_000L,
              s.getTsEmit(),
              r.receivedNanos(),
              decision,
              intent != null,
              intentReceived,
              orderSent,
              orderAccepted));
    }
    out.sort(Comparator.comparingLong(SignalHops::publish));
    return out;
  }

  /**
   * Waits until detection has committed every md.events offset (on a checkpoint), the gate has
   * decided every signal and the execution service has taken every intent and gone idle.
   */
  private static void awaitAll(
      LocalFlink flink,
      JobID detection,
      JobID gate,
      ExecutionService execution,
      HopCollector hops,
      String bootstrap,
      JobSettings job)
      throws Exception {
    String group = FlowDetectionJob.NAME + "-" + job.variant();
    try (ConsumerProgress progress = new ConsumerProgress(bootstrap)) {
      Deadline.await(
          HOP_TIMEOUT,
          Duration.ofMillis(200),
          "flow detection to commit every md.events offset",
          () -> {
            flink.checkRunning(detection, "flow-detection");
            return progress.lag(group, Topics.MARKET_EVENTS.name()) == 0;
          });
    }
    Deadline.await(
        HOP_TIMEOUT,
        Duration.ofMillis(200),
        "the risk gate to decide every signal",
        () -> {
          flink.checkRunning(gate, "risk-gate");
          hops.check();
          return hops.intents().size() + hops.rejections().size() >= hops.signals().size();
        });
    int approved = hops.intents().size();
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
    execution.awaitIdle(HOP_TIMEOUT);
  }

  private SessionFolders.Split marketData(PrintStream out) throws Exception {
    if (o.input() != null) {
      return split(o.input(), o.liveSessions());
    }
    if (o.liveSessions() >= o.days()) {
      throw new IllegalArgumentException(
          "live sessions ("
              + o.liveSessions()
              + ") must be fewer than the simulated days ("
              + o.days()
              + "): the first ones warm the baselines up");
    }
    SimulationConfig sc =
        SimulationConfig.of(o.seed(), o.days(), o.scale())
            .withSessionMinutes(o.sessionMinutes())
            // Every live session needs its full MBO, not only the last one.
            .withFullHistory(o.liveSessions() > 1)
            .withStartDate(startDate(LocalDate.now(ZoneOffset.UTC), o.days()));
    Path dir = o.runDir().resolve("market");
    SimulationResult r = Simulator.run(sc, dir);
    out.printf(
        Locale.ROOT,
        "simulated %d session(s) of %d min (%s, seed %d) with %d labelled episodes into %s%n",
        r.days().size(),
        o.sessionMinutes(),
        o.scale(),
        o.seed(),
        r.episodes().size(),
        dir);
    return split(dir, o.liveSessions());
  }

  /** The files of the last {@code liveSessions} session folders are live; the others history. */
  static SessionFolders.Split split(Path root, int liveSessions) {
    List<Path> files = SessionFolders.select(root);
    List<Path> folders = files.stream().map(Path::getParent).distinct().sorted().toList();
    Set<Path> live =
        new HashSet<>(folders.subList(Math.max(0, folders.size() - liveSessions), folders.size()));
    List<Path> history = new ArrayList<>();
    List<Path> liveFiles = new ArrayList<>();
    for (Path p : files) {
      (live.contains(p.getParent()) ? liveFiles : history).add(p);
    }
    return new SessionFolders.Split(history, liveFiles);
  }

  /**
   * The first simulated session such that the last of {@code days} weekday sessions is today (or
   * the last weekday before it): the live session's options are then listed and unexpired today.
   */
  static LocalDate startDate(LocalDate today, int days) {
    LocalDate d = today;
    while (weekend(d)) {
      d = d.minusDays(1);
    }
    for (int i = 1; i < days; i++) {
      d = d.minusDays(1);
      while (weekend(d)) {
        d = d.minusDays(1);
      }
    }
    return d;
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** The ts_event of the first market event of the files. */
  static long firstEventTs(List<Path> files) throws Exception {
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.Rec rec) {
          DbnRecord r = rec.record();
          if (DbnNormalizer.kindOf(r) == DbnNormalizer.Kind.EVENT) {
            return r.tsEvent();
          }
        }
      }
    }
    throw new IllegalArgumentException("no market event in " + files);
  }
}
