package io.nqflow.feed;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.SourceConfig;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.cost.CostHistory;
import io.nqflow.feed.resume.ResumeFilter;
import io.nqflow.feed.resume.ResumePoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed as a service: the profile's sources in priority order behind a {@link FailoverSource},
 * normalized into Kafka by a {@link FeedPublisher}, with the data {@link Budget} rebuilt from
 * {@code ops.costs} and, unless disabled, a resume from what {@code md.events} already holds.
 * {@link #run()} blocks until the sources end, {@link #stop()} is called (from a signal handler,
 * say) or the feed fails; it always flushes what was sent before it returns.
 */
public final class FeedService {
  private static final Logger LOG = LoggerFactory.getLogger(FeedService.class);

  /** Time allowed to read ops.costs and the tail of md.events on start. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How the service runs.
   *
   * @param bootstrapServers Kafka
   * @param sourceNames the sources to run, by name, in the profile's order; empty for all
   * @param resume skip what md.events already holds of these sources
   * @param clock breakers, budget periods and live cost
   * @param workDir historical downloads and simulated sessions
   */
  public record Options(
      String bootstrapServers,
      List<String> sourceNames,
      boolean resume,
      Clock clock,
      Path workDir) {
    public Options {
      sourceNames = List.copyOf(sourceNames);
    }
  }

  /**
   * What a run did.
   *
   * @param instruments definitions acknowledged by Kafka
   * @param events events acknowledged by Kafka
   * @param deadLetters dead letters acknowledged by Kafka
   * @param skipped events not published again because md.events already held them
   * @param stopped true when {@link #stop()} ended the run
   * @param elapsed from the first source starting to the final flush
   */
  public record Result(
      long instruments,
      long events,
      long deadLetters,
      long skipped,
      boolean stopped,
      Duration elapsed) {}

  private final NqflowConfig cfg;
  private final Options opts;
  private final RunControl control = RunControl.fromStart();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile FeedPublisher publisher;

  public FeedService(NqflowConfig cfg, Options opts) {
    this.cfg = cfg;
    this.opts = opts;
  }

  /** The sources this service runs, in priority order. */
  public List<SourceConfig> sources() {
    if (opts.sourceNames().isEmpty()) {
      return cfg.feed().sources();
    }
    List<SourceConfig> out = new ArrayList<>();
    for (String n : opts.sourceNames()) {
      out.add(
          cfg.feed().sources().stream()
              .filter(s -> s.name().equals(n))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no feed source named \""
                              + n
                              + "\" in profile "
                              + cfg.profile()
                              + "; it has "
                              + cfg.feed().sources().stream().map(SourceConfig::name).toList())));
    }
    return out;
  }

  /**
   * Runs the feed until its sources end, {@link #stop()} or a failure; flushes before returning.
   */
  public Result run() throws Exception {
    try {
      return runFeed();
    } finally {
      finished.countDown();
    }
  }

  private Result runFeed() throws Exception {
    List<SourceConfig> chosen = sources();
    String feedName = cfg.profile();
    KafkaConfig bootstrap = cfg.kafka().withBootstrapServers(opts.bootstrapServers());
    List<String> created =
        TopicAdmin.ensureTopics(
            bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
    if (!created.isEmpty()) {
      LOG.info("feed {}: created topics {}", feedName, created);
    }
    Set<String> names = new LinkedHashSet<>();
    chosen.forEach(s -> names.add(s.name()));
    try (FeedPublisher pub =
        new FeedPublisher(
            bootstrap,
            cfg.kafka().clientIdPrefix() + "-feed",
            (long) cfg.feed().producerBufferMb() << 20)) {
      publisher = pub;
      List<String> paid =
          chosen.stream().filter(s -> s.type().isDatabento()).map(SourceConfig::name).toList();
      Budget budget = new Budget(cfg.budget(), opts.clock(), pub, feedName, paid);
      budget.restore(CostHistory.read(bootstrap, READ_TIMEOUT));
      LOG.info(
          "feed {}: data spend so far ${} today, ${} this month (limits ${}/day, ${}/month)",
          feedName,
          String.format(java.util.Locale.ROOT, "%.2f", budget.spentToday()),
          String.format(java.util.Locale.ROOT, "%.2f", budget.spentThisMonth()),
          cfg.budget().dailyUsd(),
          cfg.budget().monthlyUsd());
      ResumePoint point =
          opts.resume() ? ResumePoint.read(bootstrap, names, READ_TIMEOUT) : ResumePoint.empty();
      if (!point.isEmpty()) {
        LOG.info(
            "feed {}: md.events already holds data of {} up to ts_event {}; resuming from there",
            feedName,
            names,
            point.startTsEvent());
      }
      List<FeedSource> sources =
          FeedSources.build(cfg, chosen, budget, opts.clock(), opts.workDir());
      FailoverSource failover =
          FailoverSource.builder(feedName)
              .sources(sources)
              .config(cfg.feed().failover())
              .clock(opts.clock())
              .budget(budget)
              .resumeFrom(point.startTsEvent())
              .build();
      ResumeFilter filter = new ResumeFilter(point, pub);
      long t0 = System.nanoTime();
      LOG.info("feed {}: starting with sources {} (priority order)", feedName, names);
      try {
        failover.run(filter, control);
      } finally {
        pub.flush();
      }
      Result r =
          new Result(
              pub.instrumentsPublished(),
              pub.eventsPublished(),
              pub.deadLettersPublished(),
              filter.skipped(),
              control.stopRequested(),
              Duration.ofNanos(System.nanoTime() - t0));
      LOG.info("feed {}: {}", feedName, r);
      return r;
    } finally {
      publisher = null;
    }
  }

  /**
   * Stops the running source; {@link #run()} then flushes and returns. Callable from any thread,
   * e.g. a shutdown hook, before or during {@link #run()}.
   */
  public void stop() {
    control.stop();
  }

  /** Waits until {@link #run()} has returned (after a {@link #stop()}, say). */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Events acknowledged so far (0 before the publisher exists). */
  public long eventsPublished() {
    FeedPublisher p = publisher;
    return p == null ? 0 : p.eventsPublished();
  }
}
