package io.nqflow.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring of {@code k8s/monitoring/} against a real local run: a real Prometheus (Debian's
 * {@code prometheus} package; {@code scripts/test.sh} installs it, {@code NQFLOW_IT_PROMETHEUS}
 * names another binary) scrapes the metrics port of an in-process local stack, then every Grafana
 * dashboard query and every alert expression is evaluated through Prometheus' HTTP API.
 *
 * <ul>
 *   <li>A dashboard query must succeed and return at least one series.
 *   <li>An alert expression ({@code <value> <comparison> <threshold>}, see alerts.yml) must succeed
 *       as a whole, and its value part (without the last comparison) must return at least one
 *       series: a quiet run fires no alert, but the value it compares must exist. Prometheus must
 *       also report every rule as evaluated without error.
 *   <li>Every metric named in a query or expression must exist in the scrape.
 * </ul>
 *
 * Without the binary the test fails (it is part of CI, not optional).
 */
class MonitoringITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The last comparison of an alert expression: what is left is the value compared. */
  private static final Pattern THRESHOLD =
      Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*-?[0-9.]+\\s*$");

  /** Metric names in PromQL: nqflow's and Flink's (labels and functions are lower case). */
  private static final Pattern METRIC = Pattern.compile("(?<![\\w\"])((?:nqflow|flink)_\\w+)");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  @Test
  void everyDashboardQueryAndAlertExpressionReturnsSeriesOfARealLocalRun() throws Exception {
    Path prometheus = binary("NQFLOW_IT_PROMETHEUS", Path.of("/usr/bin/prometheus"));
    Path promtool = binary("NQFLOW_IT_PROMTOOL", prometheus.resolveSibling("promtool"));
    Path monitoring = projectRoot().resolve("k8s").resolve("monitoring");

    exec(promtool, "check", "rules", monitoring.resolve("alerts.yml").toString());
    exec(promtool, "check", "config", monitoring.resolve("prometheus.yml").toString());
    exec(promtool, "check", "config", monitoring.resolve("prometheus-local.yml").toString());

    NqflowConfig local = Sections.load(new ProfileOptions("local"));
    // The check scrapes the risk gate's metrics while the run is up: on the arrival clock the gate
    // runs throughout (on the event clock it decides once the input has ended, then finishes).
    NqflowConfig cfg =
        local.with(
            ExecutionSettings.SECTION,
            local.section(ExecutionSettings.SECTION).toBuilder()
                .paperClock(ExecutionSettings.PaperClock.ARRIVAL)
                .build());
    int metricsPort = freePort();
    LocalStack.Options options =
        new LocalStack.Options(
            "monitoring",
            tmp.resolve("runs"),
            null,
            null,
            2,
            Duration.ofMinutes(2),
            Speed.parse("x60"),
            false,
            0,
            metricsPort);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    long started = System.nanoTime();
    long[] checked = new long[2];
    // The check runs while the jobs and the execution service are still up.
    new LocalStack(cfg, options)
        .run(
            new PrintStream(console, true, StandardCharsets.UTF_8),
            hops -> {
              checked[0] = System.nanoTime();
              checkWithPrometheus(prometheus, monitoring, metricsPort);
              checked[1] = System.nanoTime();
            });
    System.err.printf(
        "MonitoringITCase: local run until the check %.1f s, Prometheus and queries %.1f s,"
            + " stop %.1f s%n",
        (checked[0] - started) / 1e9,
        (checked[1] - checked[0]) / 1e9,
        (System.nanoTime() - checked[1]) / 1e9);
  }

  private void checkWithPrometheus(Path prometheus, Path monitoring, int metricsPort)
      throws Exception {
    // The services' own metrics are on the same endpoint as Flink's.
    String scrape = get("http://127.0.0.1:" + metricsPort + "/metrics");
    assertThat(scrape)
        .contains("\nnqflow_feed_records_in_total{")
        .contains("\nnqflow_feed_records_out_total{")
        .contains("\nnqflow_execution_orders_sent_total{")
        .contains("\nnqflow_execution_trading_state{")
        .contains("\nflink_jobmanager_numRunningJobs{")
        .contains("\nflink_taskmanager_job_task_operator_nqflow_risk_daily_pnl_usd{");

    Path dir = Files.createDirectories(tmp.resolve("prometheus"));
    Files.copy(monitoring.resolve("alerts.yml"), dir.resolve("alerts.yml"));
    String config =
        Files.readString(monitoring.resolve("prometheus-local.yml"))
            .replace("127.0.0.1:9249", "127.0.0.1:" + metricsPort)
            .replaceAll("scrape_interval: \\w+", "scrape_interval: 1s")
            .replaceAll("scrape_timeout: \\w+", "scrape_timeout: 1s")
            .replaceAll("evaluation_interval: \\w+", "evaluation_interval: 1s");
    assertThat(config).contains("127.0.0.1:" + metricsPort);
    Files.writeString(dir.resolve("prometheus.yml"), config);
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String api = "http://127.0.0.1:" + port + "/api/v1/";
    try {
      awaitScrapes(p, api, log);
      // The checks can fail: a metric the run does not have, a query that does not parse.
      List<String> selfCheck = new ArrayList<>();
      expectSeries(api, "sum(rate(nqflow_feed_no_such_metric_total[5m]))", "missing", selfCheck);
      expectSeries(api, "sum(rate(nqflow_feed_records_in_total[5m])", "unparsable", selfCheck);
      checkNames(api, "nqflow_feed_no_such_metric_total > 0", "name", selfCheck);
      assertThat(selfCheck).hasSize(3);
      List<String> failures = new ArrayList<>();
      int queries = checkDashboards(monitoring, api, failures);
      int alerts = checkAlerts(monitoring, api, failures);
      assertThat(queries).as("dashboard queries").isGreaterThanOrEqualTo(50);
      assertThat(alerts).as("alert rules").isGreaterThanOrEqualTo(15);
      assertThat(failures).as("queries without series or with errors").isEmpty();
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Waits until Prometheus has scraped the run several times and evaluated every rule. */
  private void awaitScrapes(Process p, String api, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (true) {
      if (!p.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(log));
      }
      String why;
      try {
        JsonNode scrapes = query(api, "count_over_time(up[1m])");
        double n = scrapes.path("data").path("result").path(0).path("value").path(1).asDouble(0);
        JsonNode rules = JSON.readTree(get(api + "rules"));
        boolean evaluated = true;
        for (JsonNode g : rules.path("data").path("groups")) {
          for (JsonNode r : g.path("rules")) {
            evaluated &= !r.path("lastEvaluation").asText("").startsWith("0001-");
          }
        }
        if (n >= 5 && evaluated) {
          return;
        }
        why = n + " scrapes, rules evaluated: " + evaluated;
      } catch (IOException e) {
        why = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "prometheus did not scrape the run in time (" + why + "): " + Files.readString(log));
      }
      Thread.sleep(500);
    }
  }

  private int checkDashboards(Path monitoring, String api, List<String> failures) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(monitoring.resolve("grafana").resolve("dashboards"))) {
      files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .contains(
            "nqflow-overview.json",
            "nqflow-feed.json",
            "nqflow-detection.json",
            "nqflow-risk-execution.json",
            "nqflow-flink.json");
    // Every panel reads the provisioned datasource, by its uid.
    String datasource =
        YAML.readTree(monitoring.resolve("grafana/provisioning/datasources/nqflow.yaml").toFile())
            .path("datasources")
            .path(0)
            .path("uid")
            .asText();
    assertThat(datasource).isNotEmpty();
    Set<String> uids = new LinkedHashSet<>();
    for (Path f : files) {
      JsonNode d = JSON.readTree(f.toFile());
      assertThat(uids.add(d.path("uid").asText())).as("unique uid in %s", f).isTrue();
      assertThat(d.path("panels")).as("panels of %s", f).isNotEmpty();
      for (JsonNode panel : d.path("panels")) {
        assertThat(panel.path("datasource").path("uid").asText())
            .as("datasource of %s / %s", f.getFileName(), panel.path("title").asText())
            .isEqualTo(datasource);
        assertThat(panel.path("targets")).as("targets of %s", panel.path("title")).isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          queries.put(
              target.path("expr").asText(), f.getFileName() + " / " + panel.path("title").asText());
        }
      }
    }
    for (var q : queries.entrySet()) {
      expectSeries(api, q.getKey(), "dashboard " + q.getValue(), failures);
      checkNames(api, q.getKey(), "dashboard " + q.getValue(), failures);
    }
    return queries.size();
  }

  private int checkAlerts(Path monitoring, String api, List<String> failures) throws Exception {
    JsonNode doc = YAML.readTree(monitoring.resolve("alerts.yml").toFile());
    int n = 0;
    for (JsonNode g : doc.path("groups")) {
      for (JsonNode rule : g.path("rules")) {
        String name = "alert " + rule.path("alert").asText();
        String expr = rule.path("expr").asText().trim();
        Matcher m = THRESHOLD.matcher(expr);
        if (!m.find()) {
          failures.add(name + ": expression does not end in a comparison with a threshold");
          continue;
        }
        JsonNode whole = query(api, expr);
        if (!"success".equals(whole.path("status").asText())) {
          failures.add(name + ": " + whole);
        }
        expectSeries(api, expr.substring(0, m.start()), name + " (value part)", failures);
        checkNames(api, expr, name, failures);
        n++;
      }
    }
    JsonNode rules = JSON.readTree(get(api + "rules"));
    for (JsonNode g : rules.path("data").path("groups")) {
      for (JsonNode r : g.path("rules")) {
        if (!"ok".equals(r.path("health").asText())) {
          failures.add("rule " + r.path("name").asText() + ": " + r.path("lastError").asText());
        }
      }
    }
    return n;
  }

  private void expectSeries(String api, String expr, String where, List<String> failures)
      throws Exception {
    JsonNode r = query(api, expr);
    if (!"success".equals(r.path("status").asText())) {
      failures.add(where + ": " + r.path("error").asText() + " in " + expr);
    } else if (r.path("data").path("result").isEmpty()) {
      failures.add(where + ": no series for " + expr);
    }
  }

  private void checkNames(String api, String expr, String where, List<String> failures)
      throws Exception {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    for (String name : names) {
      if (query(api, "{__name__=\"" + name + "\"}").path("data").path("result").isEmpty()) {
        failures.add(where + ": metric " + name + " is not in the scrape");
      }
    }
  }

  private JsonNode query(String api, String expr) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private String get(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + ": HTTP " + r.statusCode());
    }
    return r.body();
  }

  private static void exec(Path tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
    assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
  }

  /** The binary the variable names, else the default; fails when neither is there. */
  private static Path binary(String variable, Path fallback) {
    String v = System.getenv(variable);
    Path p = v != null && !v.isBlank() ? Path.of(v) : fallback;
    if (!Files.isExecutable(p)) {
      throw new AssertionError(
          p
              + " is not there: install Debian's prometheus package (scripts/test.sh does so"
              + " when run as root) or name the binary in "
              + variable);
    }
    return p;
  }

  private static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("k8s").resolve("monitoring"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new AssertionError("no k8s/monitoring above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
