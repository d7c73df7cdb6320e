package io.nqflow.runner.feed;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.feed.FeedService;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.runner.ops.ConfigAudits;
import io.nqflow.runner.ops.MetricsEndpoint;
import io.prometheus.client.CollectorRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nqflow feed}: runs the feed service on the sources of a profile. */
@Command(
    name = "feed",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the feed service: the profile's feed.sources (DATABENTO_LIVE, DATABENTO_HISTORICAL,"
          + " REPLAY, SIMULATOR) in priority order, normalized into Kafka: definitions to"
          + " md.instruments, events to md.events (key instrument_id), bad input to"
          + " ops.deadletter, data spend to ops.costs, budget decisions to ops.audit. Missing"
          + " topics are created.",
      "",
      "Failover: the first source that may run does; when it goes down (its circuit breaker,"
          + " feed.failover) the next takes over, and the feed switches back when the higher one"
          + " recovers, without duplicating or losing events at the switch.",
      "Budget: paid (Databento) sources are stopped when budget.daily_usd or budget.monthly_usd"
          + " is reached (spend so far is read back from ops.costs) and run again in the next"
          + " period.",
      "Resume: on start, events that md.events already holds from these sources are not"
          + " published again (--no-resume publishes everything).",
      "",
      "Runs until every source has ended (replay, historical and simulator sources are bounded;"
          + " live runs until stopped). SIGTERM or Ctrl-C stops the running source and flushes"
          + " everything sent to Kafka before the JVM exits. A progress line goes to stderr every"
          + " 10 s, the final counts to stdout."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the sources ended; everything was flushed to Kafka",
      "1:the feed failed: no source could run for feed.failover.give_up_after, or Kafka"
          + " refused the data",
      "2:bad configuration or options",
      "143:stopped by SIGTERM (130: SIGINT) after a clean stop and flush"
    })
public final class FeedCommand implements Callable<Integer> {
  private static final long PROGRESS_EVERY_MS = 10_000;

  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers. Default: the profile's kafka.bootstrap_servers.")
  String bootstrapServers;

  @Option(
      names = "--embedded-kafka",
      description =
          "Start a Kafka broker in this process (on a free loopback port) and feed it: to try a"
              + " profile or measure replay throughput without a cluster. The data is gone when"
              + " the command ends.")
  boolean embeddedKafka;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description =
          "Run only this source of the profile (repeatable; the order given is the priority)."
              + " Default: every source, in the profile's order.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--no-resume",
      description = "Publish everything, even what md.events already holds.")
  boolean noResume;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where historical downloads and simulated sessions are kept. Default: feed.work_dir.")
  Path workDir;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the feed's Prometheus metrics (nqflow_feed_*) on this port at /metrics (9249 in"
              + " the Kubernetes manifests). Default: none.")
  Integer metricsPort;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (embeddedKafka && bootstrapServers != null) {
      throw new ParameterException(
          spec.commandLine(), "--embedded-kafka and --bootstrap-servers exclude each other");
    }
    EmbeddedKafka kafka = null;
    MetricsEndpoint metrics = MetricsEndpoint.startOrNull(metricsPort, new CollectorRegistry());
    try {
      String bootstrap =
          bootstrapServers != null ? bootstrapServers : cfg.kafka().bootstrapServers();
      if (embeddedKafka) {
        kafka = EmbeddedKafka.start(0);
        bootstrap = kafka.bootstrapServers();
        err.println("feed: embedded Kafka broker at " + bootstrap);
        err.flush();
      }
      FeedService service =
          new FeedService(
              cfg,
              new FeedService.Options(
                  bootstrap,
                  sources,
                  !noResume,
                  Clock.systemUTC(),
                  workDir != null ? workDir : Path.of(cfg.feed().workDir())));
      try {
        service.sources();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage(), e);
      }
      if (!embeddedKafka) {
        recordConfiguration(cfg, bootstrap, err);
      }
      return run(service, cfg, bootstrap, out, err);
    } finally {
      if (kafka != null) {
        kafka.close();
      }
      if (metrics != null) {
        metrics.close();
      }
    }
  }

  /**
   * Records the feed's configuration on ops.audit (CONFIG_APPLIED, instance: the profile); a
   * failure is reported, not fatal (ops.audit may not exist before the first run creates topics).
   */
  private static void recordConfiguration(NqflowConfig cfg, String bootstrap, PrintWriter err) {
    try {
      ConfigAudits.service(bootstrap, "feed", cfg.profile(), cfg);
    } catch (RuntimeException e) {
      err.println(
          "feed: warning: the configuration was not recorded on ops.audit: " + e.getMessage());
      err.flush();
    }
  }

  private int run(
      FeedService service, NqflowConfig cfg, String bootstrap, PrintWriter out, PrintWriter err)
      throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    // SIGTERM/SIGINT: stop the source, let run() flush and the summary print, then let the JVM go.
    Thread hook =
        new Thread(
            () -> {
              service.stop();
              try {
                reported.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "nqflow-feed-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService progress = progress(service, err);
    try {
      FeedService.Result r = service.run();
      double s = Math.max(r.elapsed().toNanos() / 1e9, 1e-9);
      out.printf(
          Locale.ROOT,
          "feed %s %s: %,d events, %,d instruments, %,d dead letters published to %s in %.1f s"
              + " (%,.0f events/s); %,d events skipped as already published%n",
          cfg.profile(),
          r.stopped() ? "stopped" : "ended",
          r.events(),
          r.instruments(),
          r.deadLetters(),
          bootstrap,
          s,
          r.events() / s,
          r.skipped());
      out.flush();
      return 0;
    } finally {
      progress.shutdownNow();
      reported.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running; it waited for `reported`, released above
      }
    }
  }

  private static ScheduledExecutorService progress(FeedService service, PrintWriter err) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nqflow-feed-progress");
              t.setDaemon(true);
              return t;
            });
    long[] last = {0};
    timer.scheduleAtFixedRate(
        () -> {
          long n = service.eventsPublished();
          err.printf(
              Locale.ROOT,
              "feed: %,d events published (%,.0f events/s over the last %d s)%n",
              n,
              (n - last[0]) / (PROGRESS_EVERY_MS / 1e3),
              PROGRESS_EVERY_MS / 1000);
          err.flush();
          last[0] = n;
        },
        PROGRESS_EVERY_MS,
        PROGRESS_EVERY_MS,
        TimeUnit.MILLISECONDS);
    return timer;
  }
}
