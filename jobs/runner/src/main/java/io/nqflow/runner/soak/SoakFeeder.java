package io.nqflow.runner.soak;

import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.feed.replay.Speed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the simulated sessions one after the other on its own thread, each paced at the soak's
 * multiple of real time from its first event (the night between two sessions is not waited for),
 * until the sessions run out or {@link #stop()}.
 */
final class SoakFeeder {
  private static final Logger LOG = LoggerFactory.getLogger(SoakFeeder.class);

  private final String bootstrap;
  private final String clientId;
  private final List<Path> sessions;
  private final int history;
  private final Speed speed;
  private final RunControl control = RunControl.fromStart();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicLong marketTimeNs = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean finished;
  private Thread thread;

  /**
   * @param sessions the session folders in date order
   * @param history how many of the first sessions {@link #replayHistory} replays at max speed
   * @param speed multiple of real time of the others
   */
  SoakFeeder(String bootstrap, String clientId, List<Path> sessions, int history, double speed) {
    this.bootstrap = bootstrap;
    this.clientId = clientId;
    this.sessions = List.copyOf(sessions);
    this.history = Math.min(history, sessions.size());
    this.speed = new Speed(speed);
  }

  /**
   * Replays the history sessions as fast as Kafka takes them, on the calling thread (the baselines
   * of the detectors fill up before the soak is measured).
   */
  ReplayFeed.Stats replayHistory() throws java.io.IOException {
    long events = 0;
    long instruments = 0;
    long dead = 0;
    try (FeedPublisher publisher =
        new FeedPublisher(bootstrap, clientId, 64L << 20, FeedPublisher.Mode.PIPELINED)) {
      for (Path session : sessions.subList(0, history)) {
        started.incrementAndGet();
        ReplayFeed feed = new ReplayFeed("simulator", publisher, Speed.MAX);
        ReplayFeed.Stats s =
            feed.run(SessionFolders.select(session), n -> {}, RunControl.fromStart());
        marketTimeNs.set(feed.marketTime());
        events += s.events();
        instruments += s.instruments();
        dead += s.deadLetters();
      }
    }
    return new ReplayFeed.Stats(events + instruments, instruments, events, 0, dead);
  }

  void start() {
    thread = new Thread(this::feed, "nqflow-soak-feed");
    thread.setDaemon(true);
    thread.start();
  }

  private void feed() {
    try (FeedPublisher publisher =
        new FeedPublisher(bootstrap, clientId, 64L << 20, FeedPublisher.Mode.DIRECT)) {
      for (Path session : sessions.subList(history, sessions.size())) {
        if (control.stopRequested()) {
          break;
        }
        started.incrementAndGet();
        ReplayFeed feed = new ReplayFeed("simulator", publisher, speed);
        ReplayFeed.Stats s =
            feed.run(
                SessionFolders.select(session), n -> marketTimeNs.set(feed.marketTime()), control);
        marketTimeNs.set(feed.marketTime());
        LOG.info(
            "soak: session {} replayed: {} events, {} definitions, {} dead letters",
            session.getFileName(),
            s.events(),
            s.instruments(),
            s.deadLetters());
      }
      if (!control.stopRequested()) {
        LOG.warn("soak: the simulated sessions ran out before the end of the soak");
      }
    } catch (Throwable t) {
      failure.set(t);
      LOG.error("soak: the feed failed", t);
    } finally {
      finished = true;
    }
  }

  /** Asks the feed to stop and waits for it (up to a minute). */
  void stop() throws InterruptedException {
    control.stop();
    if (thread != null) {
      thread.join(60_000);
    }
  }

  /** Sessions begun so far. */
  int sessionsStarted() {
    return started.get();
  }

  /** ts_event (ns) of the latest event published. */
  long marketTimeNs() {
    return marketTimeNs.get();
  }

  /** Whether every session was replayed (or the feed stopped or failed). */
  boolean finished() {
    return finished;
  }

  /** Why the feed stopped, if it failed. */
  Throwable failure() {
    return failure.get();
  }
}
