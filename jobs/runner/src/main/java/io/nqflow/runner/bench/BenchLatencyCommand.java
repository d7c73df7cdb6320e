package io.nqflow.runner.bench;

import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.simulator.Scale;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nqflow bench-latency}: market event to signal and signal to order latency of the live
 * low-latency mode, through the real Kafka hops, hop by hop.
 */
@Command(
    name = "bench-latency",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures the live low-latency mode end to end through Kafka, in this JVM: an embedded Kafka"
          + " broker, a Flink MiniCluster with the flow-detection and risk-gate jobs, the execution"
          + " service with the paper broker, and the feed publishing market data.",
      "",
      "The market data (a simulated session, or --input) is made to look live: the history"
          + " sessions and every definition are moved in time so that the live session starts now,"
          + " and are published first at full speed to warm the baselines up (not measured). Once"
          + " every job has caught up, the live session's events are published at --rate events/s"
          + " with their event times (ts_event, ts_recv) REWRITTEN TO THE WALL CLOCK at the moment"
          + " the feed hands each event to the Kafka producer, so the jobs see a live market."
          + " Records of one match (same recorded ts_event, e.g. a sweep) go out back to back with"
          + " one time.",
      "",
      "Every signal raised by a live event is stamped at each hop (wall clock of this JVM, ns):",
      "  t_publish         the feed handed the trigger event to the producer (= the signal's"
          + " ts_event)",
      "  t_md_append       the broker appended the trigger event to md.events (LogAppendTime; ms"
          + " precision, so hops from or to it are +-1 ms)",
      "  t_signal_emit     the detection job built the signal (its ts_emit)",
      "  t_signal_received a plain consumer of signals.flow received it",
      "  t_decision        the risk gate approved or rejected it (ts_decision)",
      "  t_intent_received a plain consumer of orders.approved received the intent",
      "  t_order_sent      the execution service sent the order to the broker (its SENT audit on"
          + " ops.audit, stamped before the ledger write and the broker call)",
      "  t_order_accepted  the paper broker had acknowledged it (OrderAccepted on exec.events)",
      "The table gives count, p50, p95, p99 and max in ms for each hop and for the two targets of"
          + " docs/design.md §8: EVENT -> SIGNAL RECEIVED (t_publish to t_signal_received) and"
          + " SIGNAL RECEIVED -> ORDER SENT (t_signal_received to t_order_sent), each p99 <= 50 ms."
          + " The bench's consumer and the risk gate read signals.flow independently, so a signal"
          + " -> order figure can be smaller than the hops before it suggest. Under EVENT ->"
          + " SIGNAL RECEIVED one row per detector shows which of them waits (e.g. for the"
          + " watermark); the rule counts say why live signals were rejected. A hop's count is the"
          + " number of signals that reached both of its ends.",
      "",
      "Profile: by default 'local' plus the live latency settings (flink.buffer_timeout: 5ms,"
          + " detection.align_to_watermark: false); --profile uses that profile as it is. Either"
          + " way the bench runs the paper broker and lifts the risk gate's position, loss, order"
          + " rate, cooldown and trading-hours limits so that approved signals keep becoming"
          + " orders (--keep-risk-limits keeps them); Databento and Tradovate credentials the"
          + " profile names get placeholders when unset, since neither is contacted.",
      "",
      "The machine's load average is printed at the start and the end: the figures are only"
          + " comparable between runs on an equally loaded machine. Every component shares this"
          + " JVM, so a stop-the-world GC pause stalls every hop at once: the launcher's default"
          + " ParallelGC adds young pauses of tens of ms to the tails; a low-pause collector shows"
          + " the stack without them: NQFLOW_JAVA_OPTS='-Xmx4g -XX:+UseZGC' ./nqflow bench-latency.",
      ""
    })
public final class BenchLatencyCommand implements Callable<Integer> {
  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_S",
      description = "Live publishing rate, market events per second. Default: ${DEFAULT-VALUE}.")
  int rate = 20_000;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "Wall time of the live phase (it ends earlier when the live sessions run out or"
              + " --events is reached). The default data hold about 60 s at 20,000 events/s and"
              + " raise about 120 live signals. Default: ${DEFAULT-VALUE}.")
  double seconds = 60;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Publish at most N live events. Default: no limit.")
  long events = Long.MAX_VALUE;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description =
          "Recorded DBN folder (history sessions + the live one, as 'nqflow simulate' writes"
              + " them) instead of simulating.")
  Path input;

  @Option(
      names = "--scale",
      paramLabel = "SMALL|MEDIUM|FULL",
      description =
          "Simulator scale: denser scales give more events per market minute and more labelled"
              + " episodes. Default: ${DEFAULT-VALUE}.")
  Scale scale = Scale.FULL;

  @Option(
      names = "--session-minutes",
      paramLabel = "MIN",
      description = "Market minutes per simulated session. Default: ${DEFAULT-VALUE}.")
  int sessionMinutes = 8;

  @Option(
      names = "--days",
      paramLabel = "N",
      description =
          "Simulated sessions: the last --live-sessions are published live, the ones before"
              + " are history that warms the baselines up. Default: ${DEFAULT-VALUE}.")
  int days = 5;

  @Option(
      names = "--live-sessions",
      paramLabel = "N",
      description =
          "The last N sessions are published live, back to back (one session raises a few dozen"
              + " signals; the p99 wants >= 100). With N > 1 every session is simulated with full"
              + " MBO. Default: ${DEFAULT-VALUE}.")
  int liveSessions = 3;

  @Option(names = "--seed", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
  long seed = 7;

  @Option(
      names = "--profile",
      paramLabel = "NAME|FILE",
      description =
          "Profile to run as it is (e.g. shadow, databento-live). Default: local + the live"
              + " latency settings.")
  String profile;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "Folder of profiles. Default: $NQFLOW_HOME/config or ./config.")
  Path configDir;

  @Option(
      names = "--keep-risk-limits",
      description = "Keep the profile's risk limits (fewer orders once positions fill up).")
  boolean keepRiskLimits;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description =
          "Where the run folder (market data, checkpoints, ledger) goes. Default:"
              + " ${DEFAULT-VALUE}.")
  Path outputDir = Path.of("outputs");

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures and every signal's stamps as JSON to FILE.")
  Path json;

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = loadProfile();
    String runId =
        "bench-latency-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    LatencyBench.Options o =
        new LatencyBench.Options(
            outputDir.resolve(runId),
            input,
            seed,
            days,
            scale,
            sessionMinutes,
            rate,
            Duration.ofNanos((long) (seconds * 1e9)),
            events,
            liveSessions);
    System.out.printf(
        Locale.ROOT,
        "bench-latency: profile %s, buffer timeout %s, detection %s; GC %s; load average %.2f%n",
        profile == null ? "local + live latency settings" : profile,
        cfg.section(io.nqflow.jobs.common.JobSettings.SECTION).bufferTimeout().toMillis() + " ms",
        cfg.section(io.nqflow.flow.FlowDetectionSettings.SECTION).alignToWatermark()
            ? "aligned to the watermark"
            : "on arrival",
        LatencyBench.collectors(),
        LatencyBench.load());
    LatencyBench.Result result = new LatencyBench(cfg, o).run(System.out);
    LatencyReport report = result.report();
    result.run().put("profile", profile == null ? "local+live-latency" : profile);
    System.out.printf(
        Locale.ROOT,
        "%n%d live signals, %s approved, %s orders sent; load average %.2f -> %.2f; this process"
            + " used %.2f of %d cores while publishing%n",
        result.signals().size(),
        result.run().get("approved"),
        result.run().get("orders_sent"),
        (Double) result.run().get("load_average_start"),
        (Double) result.run().get("load_average_end"),
        (Double) result.run().get("process_cpu_cores_live"),
        (Integer) result.run().get("available_processors"));
    System.out.println(
        "live signals rejected by the gate, by rule: " + result.run().get("rejected_by_rule"));
    System.out.print(report.table());
    if (json != null) {
      report.writeJson(json);
      System.out.println("json: " + json);
    }
    return 0;
  }

  /** The profile the bench runs (see the command's description). */
  NqflowConfig loadProfile() {
    Path dir = configDir != null ? configDir : new ProfileOptions().configDir();
    String base = profile == null ? "local" : profile;
    if (base.contains("/") || base.endsWith(".yaml") || base.endsWith(".yml")) {
      base = Path.of(base).toAbsolutePath().toString();
    }
    StringBuilder y = new StringBuilder();
    y.append("profile: bench-latency\n");
    y.append("extends: \"").append(base).append("\"\n");
    if (profile == null) {
      y.append("flink:\n  buffer_timeout: 5ms\n");
      y.append("detection:\n  align_to_watermark: false\n");
    }
    y.append("execution:\n  broker: PAPER\n");
    if (!keepRiskLimits) {
      y.append(
          """
          risk:
            max_contracts_per_position: 1000000
            max_total_position: 1000000
            max_daily_loss_usd: 1.0e12
            max_total_risk_usd: 1.0e12
            max_orders_per_minute: 1000000
            cooldown: 0s
            enforce_trading_hours: false
          """);
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    for (String k :
        List.of(
            "DATABENTO_API_KEY",
            "TRADOVATE_USERNAME",
            "TRADOVATE_PASSWORD",
            "TRADOVATE_APP_ID",
            "TRADOVATE_CID",
            "TRADOVATE_SEC")) {
      env.putIfAbsent(k, "unused-by-bench-latency");
    }
    return ConfigLoader.fromYaml(y.toString(), dir, env, Sections.ALL);
  }
}
