package io.nqflow.runner.ops;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.ExecutionStats;
import io.nqflow.execution.ReconciliationException;
import io.nqflow.execution.broker.Broker;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.prometheus.client.CollectorRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow execution}: runs the execution service of a profile until SIGINT/SIGTERM, then
 * closes it (Kafka clients, ledger, broker session) before the JVM exits. When reconciliation with
 * the broker fails the service refuses to trade, says why and exits with {@link #EXIT_REFUSED}.
 */
@Command(
    name = "execution",
    mixinStandardHelpOptions = true,
    description =
        "Run the execution service (orders.approved -> broker -> exec.events) until stopped.")
public final class ExecutionCli implements Callable<Integer> {
  /** Exit code when reconciliation with the broker fails and the service refuses to trade. */
  public static final int EXIT_REFUSED = 3;

  /** Exit code when the running service stops on an error. */
  public static final int EXIT_FAILED = 1;

  private static final Duration CLOSE_GRACE = Duration.ofSeconds(40);

  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--ledger",
      paramLabel = "FILE",
      description =
          "Embedded ledger file (without extension), instead of the profile's"
              + " execution.ledger_jdbc_url.")
  Path ledgerFile;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the service's Prometheus metrics (nqflow_execution_*) on this port at /metrics"
              + " (9249 in the Kubernetes manifests). Default: none.")
  Integer metricsPort;

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean running;

  /** Asks a running command to close the service and return (the signal handler calls this). */
  public void requestStop() {
    stopRequested.countDown();
  }

  /** Whether the service has started and is trading. */
  public boolean running() {
    return running;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NqflowConfig cfg = Sections.load(profile);
    String bootstrap = kafka.resolve(cfg, profile.profile());
    ExecutionSettings settings =
        cfg.section(ExecutionSettings.SECTION).withKafkaBootstrap(bootstrap);
    if (ledgerFile != null) {
      settings = settings.withLedgerUrl(ExecutionSettings.h2LedgerUrl(ledgerFile));
    }
    settings = settings.resolvePaperClock(false);
    if (settings.eventClock()) {
      err.println(
          "execution.paper.clock EVENT holds the market back until a run declares the end of its"
              + " input, which only nqflow local does; a service on its own would never fill. Use"
              + " ARRIVAL (or AUTO).");
      err.flush();
      return EXIT_FAILED;
    }
    Thread hook = new Thread(this::stopFromSignal, "nqflow-execution-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    CollectorRegistry registry = new CollectorRegistry();
    try (MetricsEndpoint metrics = MetricsEndpoint.startOrNull(metricsPort, registry);
        Broker broker = ExecutionService.createBroker(settings);
        ExecutionService service = new ExecutionService(settings, broker, registry)) {
      try {
        service.start();
      } catch (ReconciliationException e) {
        err.printf(
            "REFUSING TO TRADE: reconciliation of account %s with broker %s failed: %s%n",
            settings.account(), broker.name(), e.getMessage());
        err.println("Resolve the difference at the broker or in the ledger, then start again.");
        err.flush();
        return EXIT_REFUSED;
      }
      running = true;
      out.printf(
          "execution service running: account %s, broker %s, kafka %s, state %s."
              + " Stop with Ctrl-C or SIGTERM.%n",
          settings.account(), broker.name(), bootstrap, service.tradingState());
      out.flush();
      Optional<Throwable> failure = Optional.empty();
      while (!stopRequested.await(200, TimeUnit.MILLISECONDS)) {
        failure = service.failure();
        if (failure.isPresent()) {
          break;
        }
      }
      running = false;
      ExecutionStats stats = service.stats();
      service.close();
      out.printf(
          "orders sent %d, rejected %d, cancelled %d, fills %d, duplicates refused %d,"
              + " max |position| %d, realized P&L %.2f USD, state %s%n",
          stats.ordersSent(),
          stats.ordersRejected(),
          stats.ordersCancelled(),
          stats.fills(),
          stats.duplicateOrdersRefused(),
          stats.maxAbsPosition(),
          stats.realizedPnlUsd(),
          stats.tradingState());
      out.flush();
      if (failure.isPresent()) {
        Throwable t = failure.get();
        if (t instanceof ReconciliationException) {
          err.printf(
              "REFUSING TO TRADE: periodic reconciliation of account %s failed: %s%n",
              settings.account(), t.getMessage());
          err.flush();
          return EXIT_REFUSED;
        }
        err.printf("execution service stopped on an error: %s%n", t);
        err.flush();
        return EXIT_FAILED;
      }
      out.println("execution service stopped cleanly");
      out.flush();
      return 0;
    } finally {
      running = false;
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting because of a signal: the hook is running and waits for us.
      }
    }
  }

  /** Runs in the JVM's shutdown hook: the JVM exits only after the service has closed. */
  private void stopFromSignal() {
    requestStop();
    try {
      finished.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
