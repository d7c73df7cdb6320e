package io.nqflow.feed;

import io.nqflow.core.config.FailoverConfig;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.failover.CircuitBreaker;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sources in priority order, one at a time: the highest-priority source that may run does.
 * Each source has a {@link CircuitBreaker}; when the running source goes down (throws) the next one
 * that may run takes over, and when a higher-priority source may run again (its breaker's half-open
 * trial, the next budget period of a paid source) the running one is stopped and the feed switches
 * back. A paid source is also stopped when the data {@link Budget} blocks. The events a source
 * repeats after a switch are dropped by instrument and (ts_event, sequence), so nothing is
 * published twice and, since every run starts from the last event delivered, nothing is missed. A
 * source that ends normally ends the feed; when no source can run for {@code give_up_after}, the
 * feed fails with one error naming every source's last failure.
 */
public final class FailoverSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSource.class);

  private final String name;
  private final List<Slot> slots;
  private final FailoverConfig cfg;
  private final Clock clock;
  private final Budget budget;
  private final long resumeFrom;
  private final Duration checkInterval;
  private final Object lock = new Object();
  // Guarded by lock: the running slot, its run, and why the feed stops it.
  private int current = -1;
  private RunControl currentRun;
  private String switchReason;

  private FailoverSource(Builder b) {
    if (b.sources.isEmpty()) {
      throw new IllegalArgumentException(
          "failover source " + b.name + " needs at least one source");
    }
    this.name = b.name;
    this.cfg = b.cfg;
    this.clock = b.clock;
    this.budget = b.budget;
    this.resumeFrom = b.resumeFrom;
    this.checkInterval = b.checkInterval;
    List<Slot> s = new ArrayList<>();
    for (FeedSource src : b.sources) {
      s.add(new Slot(src, new CircuitBreaker(b.cfg, b.clock, b.random)));
    }
    this.slots = List.copyOf(s);
  }

  /**
   * Sources in priority order with the default breaker settings and no give-up delay: when every
   * source is down the feed fails at once.
   */
  public FailoverSource(String name, List<FeedSource> sources) {
    this(
        builder(name)
            .sources(sources)
            .config(
                new FailoverConfig(
                    1,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Duration.ZERO)));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  /** The breaker state of each source, by name (for tests and status lines). */
  public Map<String, CircuitBreaker.State> breakerStates() {
    Map<String, CircuitBreaker.State> m = new LinkedHashMap<>();
    for (Slot s : slots) {
      m.put(s.source.name(), s.breaker.state());
    }
    return m;
  }

  @Override
  public void run(FeedSink sink, RunControl control) throws Exception {
    Dedup dedup = new Dedup(sink);
    control.onStop(
        () -> {
          synchronized (lock) {
            if (currentRun != null) {
              currentRun.stop();
            }
            lock.notifyAll();
          }
        });
    Thread monitor = new Thread(() -> monitor(control), "feed-failover-" + name);
    monitor.setDaemon(true);
    monitor.start();
    try {
      loop(dedup, control);
    } finally {
      monitor.interrupt();
      monitor.join(5_000);
    }
  }

  private void loop(Dedup dedup, RunControl control) throws Exception {
    Instant downSince = null;
    String lastWaitLog = null;
    while (!control.stopRequested()) {
      Instant now = clock.instant();
      int i = firstAvailable(now, slots.size());
      if (i < 0) {
        boolean onlyFailures =
            slots.stream().allMatch(s -> s.gatedUntil == null && !budgetBlocks(s));
        if (onlyFailures) {
          downSince = downSince == null ? now : downSince;
          if (!now.isBefore(downSince.plus(cfg.giveUpAfter()))) {
            throw new FeedException(
                "every source of " + name + " is down: " + failures(), lastFailure());
          }
        }
        String why = unavailability(now);
        if (!why.equals(lastWaitLog)) {
          LOG.warn("feed {}: no source can run now ({}); waiting", name, why);
          lastWaitLog = why;
        }
        synchronized (lock) {
          if (!control.stopRequested()) {
            lock.wait(checkInterval.toMillis());
          }
        }
        continue;
      }
      downSince = null;
      lastWaitLog = null;
      Slot slot = slots.get(i);
      RunControl run = new RunControl(Math.max(resumeFrom, dedup.lastTsEvent()));
      synchronized (lock) {
        if (control.stopRequested()) {
          break;
        }
        current = i;
        currentRun = run;
        switchReason = null;
      }
      FeedMetrics.BREAKER_STATE
          .labels(name, slot.source.name())
          .set(slot.breaker.state().ordinal());
      LOG.info(
          "feed {}: running source {} (priority {}, breaker {}) from ts_event {}",
          name,
          slot.source.name(),
          i + 1,
          slot.breaker.state(),
          run.fromTsEvent());
      Exception failure = null;
      try {
        slot.source.run(new Tracking(slot, dedup), run);
      } catch (Exception e) {
        failure = e;
      }
      String reason;
      synchronized (lock) {
        current = -1;
        currentRun = null;
        reason = switchReason;
      }
      if (control.stopRequested()) {
        break;
      }
      if (failure instanceof SourceUnavailableException u) {
        slot.gatedUntil = u.until() == null ? Instant.MAX : u.until();
        slot.lastFailure = u;
        FeedMetrics.FAILOVERS.labels(name, slot.source.name()).inc();
        LOG.warn(
            "feed {}: source {} cannot run until {} ({}); {}",
            name,
            slot.source.name(),
            u.until() == null ? "restart" : u.until(),
            u.getMessage(),
            nextSourceText(i));
        dedup.switched = true;
      } else if (reason != null) {
        // Stopped by this feed; a source may throw when its connection is closed under it.
        LOG.info("feed {}: stopped source {}: {}", name, slot.source.name(), reason);
        dedup.switched = true;
      } else if (failure != null) {
        slot.lastFailure = failure;
        CircuitBreaker.State st = slot.breaker.onFailure();
        FeedMetrics.BREAKER_STATE.labels(name, slot.source.name()).set(st.ordinal());
        FeedMetrics.FAILOVERS.labels(name, slot.source.name()).inc();
        LOG.warn(
            "feed source {} is down ({}); breaker {} until {}; {}",
            slot.source.name(),
            failure.getMessage(),
            st,
            slot.breaker.availableAt(),
            nextSourceText(i));
        dedup.switched = true;
      } else {
        slot.breaker.onSuccess();
        LOG.info("feed {}: source {} ended", name, slot.source.name());
        return;
      }
    }
  }

  /** Watches the running source: stops it when the budget blocks it or a better one may run. */
  private void monitor(RunControl control) {
    CountDownLatch stopped = new CountDownLatch(1);
    control.onStop(stopped::countDown);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        // Checks every interval; a stop ends the watch at once.
        if (stopped.await(checkInterval.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      synchronized (lock) {
        if (currentRun == null || switchReason != null) {
          continue;
        }
        Slot running = slots.get(current);
        if (budgetBlocks(running)) {
          switchReason = "the data budget is reached";
          currentRun.stop();
          continue;
        }
        int better = firstAvailable(clock.instant(), current);
        if (better >= 0) {
          Slot b = slots.get(better);
          switchReason =
              "switching back to " + b.source.name() + " (breaker " + b.breaker.state() + ")";
          FeedMetrics.SWITCHBACKS.labels(name, b.source.name()).inc();
          LOG.warn(
              "feed {}: {} is available again; stopping {}",
              name,
              b.source.name(),
              running.source.name());
          currentRun.stop();
        }
      }
    }
  }

  /** The first slot before {@code limit} that may run now, or -1. */
  private int firstAvailable(Instant now, int limit) {
    for (int i = 0; i < limit; i++) {
      Slot s = slots.get(i);
      if (s.gatedUntil != null) {
        if (now.isBefore(s.gatedUntil)) {
          continue;
        }
        s.gatedUntil = null;
      }
      if (budgetBlocks(s)) {
        continue;
      }
      if (s.breaker.allowsRun()) {
        return i;
      }
    }
    return -1;
  }

  private boolean budgetBlocks(Slot s) {
    return budget != null && s.source.paid() && budget.blockedUntil().isPresent();
  }

  private String unavailability(Instant now) {
    List<String> out = new ArrayList<>();
    for (Slot s : slots) {
      String why;
      Optional<Instant> b =
          budget != null && s.source.paid() ? budget.blockedUntil() : Optional.empty();
      if (s.gatedUntil != null && now.isBefore(s.gatedUntil)) {
        why =
            s.gatedUntil.equals(Instant.MAX) ? "unavailable" : "unavailable until " + s.gatedUntil;
      } else if (b.isPresent()) {
        why = "data budget until " + b.get();
      } else {
        why = "breaker " + s.breaker.state() + " until " + s.breaker.availableAt();
      }
      out.add(s.source.name() + ": " + why);
    }
    return String.join(", ", out);
  }

  private String nextSourceText(int failed) {
    int next = firstAvailable(clock.instant(), slots.size());
    return next < 0 || next == failed
        ? "no source can run now"
        : "failing over to " + slots.get(next).source.name();
  }

  private String failures() {
    List<String> out = new ArrayList<>();
    for (Slot s : slots) {
      if (s.lastFailure != null) {
        out.add(s.source.name() + ": " + s.lastFailure.getMessage());
      }
    }
    return String.join("; ", out);
  }

  private Exception lastFailure() {
    Exception last = null;
    for (Slot s : slots) {
      if (s.lastFailure != null) {
        last = s.lastFailure;
      }
    }
    return last;
  }

  /** A source with its breaker and, when it refused to run, the time it may run again. */
  private static final class Slot {
    final FeedSource source;
    final CircuitBreaker breaker;
    volatile Instant gatedUntil;
    volatile Exception lastFailure;

    Slot(FeedSource source, CircuitBreaker breaker) {
      this.source = source;
      this.breaker = breaker;
    }
  }

  /** Closes a slot's breaker at the first record of a run: the source works. */
  private final class Tracking implements FeedSink {
    private final Slot slot;
    private final Dedup dedup;
    private boolean delivered;

    Tracking(Slot slot, Dedup dedup) {
      this.slot = slot;
      this.dedup = dedup;
    }

    private void delivering() {
      if (!delivered) {
        delivered = true;
        if (slot.breaker.state() != CircuitBreaker.State.CLOSED) {
          LOG.info("feed {}: source {} delivers again; breaker closed", name, slot.source.name());
        }
        slot.breaker.onSuccess();
        slot.lastFailure = null;
        FeedMetrics.BREAKER_STATE.labels(name, slot.source.name()).set(0);
      }
    }

    @Override
    public void instrument(Instrument i) {
      delivering();
      dedup.instrument(i);
    }

    @Override
    public void event(MarketEvent e) {
      delivering();
      dedup.event(e);
    }

    @Override
    public void deadLetter(DeadLetter d) {
      dedup.deadLetter(d);
    }

    @Override
    public void skipped(String source, long count) {
      dedup.skipped(source, count);
    }

    @Override
    public void flush() {
      dedup.flush();
    }
  }

  /**
   * Drops events a source repeats after a switch; passes everything before the first one. Per
   * instrument it keeps the high-water (ts_event, sequence) delivered and the payloads delivered at
   * it: several MBO records of one venue message share ts_event and sequence, so at the mark only
   * the ones already delivered are repeats.
   */
  private final class Dedup implements FeedSink {
    private final FeedSink downstream;
    private final Map<Long, HighWater> highWater = new HashMap<>();
    volatile boolean switched;
    private long lastTsEvent;

    Dedup(FeedSink downstream) {
      this.downstream = downstream;
    }

    /** The largest ts_event delivered so far: where the next run may start. */
    synchronized long lastTsEvent() {
      return lastTsEvent;
    }

    @Override
    public synchronized void instrument(Instrument i) {
      // md.instruments is compacted by instrument id: a repeated definition is harmless.
      downstream.instrument(i);
    }

    @Override
    public synchronized void event(MarketEvent e) {
      HighWater hw = highWater.get(e.getInstrumentId());
      int c = hw == null ? 1 : compare(e.getTsEvent(), e.getSequence(), hw.ts, hw.seq);
      if (switched && (c < 0 || (c == 0 && hw.payloads.contains(e.getPayload())))) {
        FeedMetrics.FAILOVER_DUPLICATES.labels(name, e.getSource()).inc();
        return;
      }
      downstream.event(e);
      if (hw == null) {
        highWater.put(e.getInstrumentId(), new HighWater(e));
      } else if (c > 0) {
        hw.advance(e);
      } else if (c == 0) {
        hw.payloads.add(e.getPayload());
      }
      if (e.getTsEvent() > lastTsEvent) {
        lastTsEvent = e.getTsEvent();
      }
    }

    @Override
    public synchronized void deadLetter(DeadLetter d) {
      downstream.deadLetter(d);
    }

    @Override
    public void skipped(String source, long count) {
      downstream.skipped(source, count);
    }

    @Override
    public void flush() {
      downstream.flush();
    }
  }

  /** An instrument's last (ts_event, sequence) delivered and the payloads delivered at it. */
  private static final class HighWater {
    long ts;
    long seq;
    final List<Object> payloads = new ArrayList<>(2);

    HighWater(MarketEvent e) {
      advance(e);
    }

    void advance(MarketEvent e) {
      ts = e.getTsEvent();
      seq = e.getSequence();
      payloads.clear();
      payloads.add(e.getPayload());
    }
  }

  private static int compare(long ts, long seq, long hwTs, long hwSeq) {
    int c = Long.compare(ts, hwTs);
    return c != 0 ? c : Long.compare(seq, hwSeq);
  }

  /** Builds a {@link FailoverSource}. */
  public static final class Builder {
    private final String name;
    private List<FeedSource> sources = List.of();
    private FailoverConfig cfg = FailoverConfig.defaults();
    private Clock clock = Clock.systemUTC();
    private Budget budget;
    private long resumeFrom;
    private Duration checkInterval = Duration.ofMillis(100);
    private RandomGenerator random = new SplittableRandom();

    private Builder(String name) {
      this.name = name;
    }

    /** The sources, highest priority first. */
    public Builder sources(List<FeedSource> v) {
      this.sources = List.copyOf(v);
      return this;
    }

    public Builder config(FailoverConfig v) {
      this.cfg = v;
      return this;
    }

    /** The clock of breakers and budget periods. */
    public Builder clock(Clock v) {
      this.clock = v;
      return this;
    }

    /** The data budget that stops paid sources; none by default. */
    public Builder budget(Budget v) {
      this.budget = v;
      return this;
    }

    /** ts_event (ns) up to which md.events already holds the data: the first run starts there. */
    public Builder resumeFrom(long tsEventNanos) {
      this.resumeFrom = tsEventNanos;
      return this;
    }

    /** How often the running source is checked against better sources and the budget. */
    public Builder checkInterval(Duration v) {
      this.checkInterval = v;
      return this;
    }

    public Builder random(RandomGenerator v) {
      this.random = v;
      return this;
    }

    public FailoverSource build() {
      return new FailoverSource(this);
    }
  }
}
