package io.nqflow.runner.chaos;

import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.time.Deadline;
import io.nqflow.execution.ExecutionService;
import io.nqflow.runner.local.LocalFlink;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects one fault into a running stack and measures the time to recover: from the moment the
 * fault starts until the part that failed works again and the pipeline moves past the point it was
 * at (the recovery condition of each kind is in docs/reliability.md).
 */
final class Injector {
  private final EmbeddedKafka kafka;
  private final LocalFlink flink;
  private final FeedProcess feed;
  private final ExecutionProcess execution;
  private final OutageBroker broker;
  private final ChaosRun.Probe probe;
  private final Duration timeout;

  Injector(
      EmbeddedKafka kafka,
      LocalFlink flink,
      FeedProcess feed,
      ExecutionProcess execution,
      OutageBroker broker,
      ChaosRun.Probe probe,
      Duration timeout) {
    this.kafka = kafka;
    this.flink = flink;
    this.feed = feed;
    this.execution = execution;
    this.broker = broker;
    this.probe = probe;
    this.timeout = timeout;
  }

  /** How long an execution kill waits for an order placement to crash in. */
  private static final Duration ARM_FOR = Duration.ofSeconds(15);

  private String lastDetail = "";

  /** What the last injection did beyond its kind (where an execution kill happened), or "". */
  String lastDetail() {
    return lastDetail;
  }

  /**
   * Injects the fault and returns the seconds from its start (for an execution-service kill: from
   * the death) until recovery.
   */
  double inject(ChaosPlan.Injection i) throws Exception {
    lastDetail = "";
    long t0 = System.nanoTime();
    switch (i.kind()) {
      case TASKMANAGER -> {
        long committed = probe.detectionCommitted();
        long end = probe.mdEnd();
        flink.loseTaskManager();
        await(
            i,
            "the jobs to run again and flow detection to commit past the fault",
            () -> probe.jobsRunning() && progressed(committed, end));
      }
      case KAFKA -> {
        long committed = probe.detectionCommitted();
        long end = probe.mdEnd();
        kafka.stopBroker();
        outage(i);
        long restart = System.nanoTime();
        kafka.startBroker();
        lastDetail =
            String.format("broker started again in %.1f s", (System.nanoTime() - restart) / 1e9);
        await(
            i,
            "flow detection to commit past the fault and the execution service to run",
            () -> progressed(committed, end) && execution.current() != null);
      }
      case FEED -> {
        long end = probe.mdEnd();
        boolean wasRunning = feed.alive();
        feed.killAsFault();
        outage(i);
        feed.restartAfterKill();
        await(
            i,
            "the restarted feed to publish",
            () -> !wasRunning || feed.finishedOk() || probe.mdEnd() > end);
      }
      case EXECUTION -> {
        lastDetail = "killed " + execution.kill(i.crashPoint(), broker, ARM_FOR);
        // An armed kill waits for an order to crash in: recovery counts from the death.
        t0 = System.nanoTime();
        outage(i);
        execution.resume();
        await(i, "the execution service to start again", execution::supervise);
        ExecutionService s = execution.current();
        if (s != null) {
          // Recovered when the new instance has caught up with orders.approved and md.events.
          s.awaitIdle(timeout);
        }
      }
      case BROKER_API -> {
        broker.down(true);
        outage(i);
        broker.down(false);
        await(
            i,
            "the execution service to trade again",
            () -> execution.supervise() && execution.current().failure().isEmpty());
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Whether flow detection has committed md.events offsets past {@code committed} (a checkpoint
   * completed after the fault), or nothing has arrived since the fault ({@code end} records) and it
   * has committed everything.
   */
  private boolean progressed(long committed, long end) throws Exception {
    return probe.detectionCommitted() > committed
        || (probe.mdEnd() == end && probe.detectionLag() == 0);
  }

  /** The planned time the failed part stays down (not a wait for a condition). */
  private static void outage(ChaosPlan.Injection i) {
    LockSupport.parkNanos(i.outage().toNanos());
  }

  private void await(ChaosPlan.Injection i, String what, Deadline.Check check) throws Exception {
    Deadline.await(
        timeout,
        Duration.ofMillis(100),
        "injection " + i.index() + " (" + i.kind().cliName() + "): " + what,
        tolerant(check));
  }

  /**
   * A check that counts a Kafka request failing (the broker not answering yet) as "not yet" rather
   * than as a failure; anything else still fails.
   */
  static Deadline.Check tolerant(Deadline.Check check) {
    return () -> {
      try {
        return check.holds();
      } catch (java.util.concurrent.ExecutionException | org.apache.kafka.common.KafkaException e) {
        return false;
      }
    };
  }
}
