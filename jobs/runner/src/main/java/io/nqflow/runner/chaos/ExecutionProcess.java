package io.nqflow.runner.chaos;

import io.nqflow.core.time.Deadline;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.broker.Broker;
import io.prometheus.client.CollectorRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution service of a chaos run, as a supervisor sees it: it can be killed abruptly and
 * started again on the same ledger and broker, and it is restarted when it stops by itself (a
 * failed reconciliation during a broker-API outage), as a container orchestrator would.
 *
 * <p>The service runs in this JVM because the paper broker, which must outlive it as a real broker
 * does, lives here. A kill therefore imitates {@code kill -9}: the ledger's H2 database is shut
 * down with {@code SHUTDOWN IMMEDIATELY}, which drops every change not yet written to its file as a
 * process crash does; the service thread dies at its next ledger access without running any
 * shutdown path; only then are its Kafka clients closed (the sockets a dead process leaves are
 * closed by the operating system).
 */
final class ExecutionProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionProcess.class);
  private static final Duration DIE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private final ExecutionSettings settings;
  private final Broker broker;
  private ExecutionService current;
  private final List<String> stops = new ArrayList<>();
  private int starts;
  private long startedAtNs;
  private volatile boolean suspended;
  private long lastAttemptNs = System.nanoTime() - RETRY_EVERY.toNanos();

  ExecutionProcess(ExecutionSettings settings, Broker broker) {
    this.settings = settings;
    this.broker = broker;
  }

  /** Starts an instance; false (logged) when it refuses to start, e.g. the broker is down. */
  synchronized boolean start() {
    if (current != null) {
      throw new IllegalStateException("execution service already running");
    }
    ExecutionService s = new ExecutionService(settings, broker, new CollectorRegistry());
    try {
      s.start();
    } catch (RuntimeException e) {
      LOG.warn("chaos: execution service did not start: {}", e.toString());
      s.close();
      return false;
    }
    current = s;
    starts++;
    startedAtNs = System.nanoTime();
    return true;
  }

  /** The running instance, or null. */
  synchronized ExecutionService current() {
    return current;
  }

  /** When the running instance started (System.nanoTime), or 0. */
  synchronized long startedAtNs() {
    return current == null ? 0 : startedAtNs;
  }

  synchronized int starts() {
    return starts;
  }

  /** Why instances stopped by themselves (not by a kill), in order. */
  synchronized List<String> stops() {
    return List.copyOf(stops);
  }

  /**
   * If the running instance has stopped by itself, records why and closes it; then, when none runs,
   * tries to start one. Returns whether an instance runs afterwards.
   */
  synchronized boolean supervise() {
    if (current != null && current.failure().isPresent()) {
      String why = String.valueOf(current.failure().get());
      LOG.warn("chaos: execution service stopped by itself: {}; restarting it", why);
      stops.add(why);
      current.close();
      current = null;
    }
    if (current != null) {
      return true;
    }
    // A service that cannot start (the broker still down) is retried about once a second, as a
    // restarting container is.
    long now = System.nanoTime();
    if (now - lastAttemptNs < RETRY_EVERY.toNanos()) {
      return false;
    }
    lastAttemptNs = now;
    return start();
  }

  /** Whether a kill holds the service down: the supervisor leaves it alone until it restarts. */
  boolean suspended() {
    return suspended;
  }

  /** Ends a kill's hold: the next {@link #supervise} starts an instance. */
  void resume() {
    suspended = false;
  }

  /**
   * Kills the running instance as {@code kill -9} would (see the class comment) and holds the
   * service down until {@link #resume}. With a crash point, the kill happens inside the next order
   * placement (before the broker receives it, or after it accepted it and before the ledger knows),
   * if one comes within {@code armFor}; otherwise wherever the service is.
   *
   * @return where the kill happened
   */
  String kill(OutageBroker.CrashPoint point, OutageBroker broker, Duration armFor)
      throws Exception {
    suspended = true;
    ExecutionService dying;
    synchronized (this) {
      dying = current;
      current = null;
    }
    if (dying == null) {
      return "not running";
    }
    String where = "anywhere";
    if (point != null) {
      broker.armCrash(point, this::cutLedger);
      try {
        Deadline.await(
            armFor,
            Duration.ofMillis(50),
            "an order placement to crash in",
            () -> dying.failure().isPresent());
      } catch (java.util.concurrent.TimeoutException e) {
        // No order came: the crash happens wherever the service is.
      }
      String fired = broker.disarm();
      where = fired != null ? fired : "anywhere (no order within " + armFor.toSeconds() + " s)";
    }
    if (!dying.failure().isPresent()) {
      cutLedger();
    }
    // The service notices at its next ledger access (every turn of its loop publishes the outbox).
    Deadline.await(
        DIE_TIMEOUT,
        Duration.ofMillis(20),
        "the killed execution service's thread to die",
        () -> dying.failure().isPresent());
    dying.close();
    return where;
  }

  /** Cuts the ledger as a crash leaves it: H2 drops what it has not yet written to its file. */
  private void cutLedger() {
    try (Connection c =
            DriverManager.getConnection(
                settings.ledgerUrl(), settings.ledgerUser(), settings.ledgerPassword());
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException e) {
      // The database closes under this very connection: an error here is expected.
      LOG.debug("SHUTDOWN IMMEDIATELY: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
