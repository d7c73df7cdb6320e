package io.nqflow.core.config;

/**
 * The whole resolved nqflow configuration: one immutable value built by {@link ConfigLoader} from a
 * profile (and its parents and strategy), or from {@link #defaults()} in code and tests.
 *
 * @param profile profile name (the file name without .yaml unless the file sets {@code profile:})
 * @param strategy strategy file the detection and risk thresholds came from; null for built-ins
 * @param kafka Kafka connection and topic settings
 * @param flink Flink job settings
 * @param feed feed sources and quality thresholds
 * @param simulator market simulator settings
 * @param databento Databento access
 * @param budget data-spend budget
 * @param detection flow-detection thresholds
 * @param risk risk-and-budget gate limits
 * @param execution execution service settings
 * @param metrics Prometheus endpoint
 */
public record NqflowConfig(
    String profile,
    @Nullable String strategy,
    KafkaConfig kafka,
    FlinkConfig flink,
    FeedConfig feed,
    SimulatorConfig simulator,
    DatabentoConfig databento,
    BudgetConfig budget,
    DetectionConfig detection,
    RiskConfig risk,
    ExecutionConfig execution,
    MetricsConfig metrics)
    implements Validating {

  /** Built-in defaults: simulator source, local Kafka, paper broker, conservative thresholds. */
  public static NqflowConfig defaults() {
    return new NqflowConfig(
        "defaults",
        null,
        KafkaConfig.defaults(),
        FlinkConfig.defaults(),
        FeedConfig.defaults(),
        SimulatorConfig.defaults(),
        DatabentoConfig.defaults(),
        BudgetConfig.defaults(),
        DetectionConfig.defaults(),
        RiskConfig.defaults(),
        ExecutionConfig.defaults(),
        MetricsConfig.defaults());
  }

  public NqflowConfig withProfile(String value) {
    return new NqflowConfig(
        value, strategy, kafka, flink, feed, simulator, databento, budget, detection, risk,
        execution, metrics);
  }

  public NqflowConfig withKafka(KafkaConfig value) {
    return new NqflowConfig(
        profile, strategy, value, flink, feed, simulator, databento, budget, detection, risk,
        execution, metrics);
  }

  public NqflowConfig withFlink(FlinkConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, value, feed, simulator, databento, budget, detection, risk,
        execution, metrics);
  }

  public NqflowConfig withFeed(FeedConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, value, simulator, databento, budget, detection, risk,
        execution, metrics);
  }

  public NqflowConfig withSimulator(SimulatorConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, value, databento, budget, detection, risk, execution,
        metrics);
  }

  public NqflowConfig withDatabento(DatabentoConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, simulator, value, budget, detection, risk, execution,
        metrics);
  }

  public NqflowConfig withBudget(BudgetConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, simulator, databento, value, detection, risk,
        execution, metrics);
  }

  public NqflowConfig withDetection(DetectionConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, simulator, databento, budget, value, risk, execution,
        metrics);
  }

  public NqflowConfig withRisk(RiskConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, simulator, databento, budget, detection, value,
        execution, metrics);
  }

  public NqflowConfig withExecution(ExecutionConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, simulator, databento, budget, detection, risk, value,
        metrics);
  }

  public NqflowConfig withMetrics(MetricsConfig value) {
    return new NqflowConfig(
        profile, strategy, kafka, flink, feed, simulator, databento, budget, detection, risk,
        execution, value);
  }

  /** Cross-section rules: secrets are required only by the sections this profile actually uses. */
  @Override
  public void validate(Checks c) {
    if (feed != null && databento != null) {
      for (int i = 0; i < feed.sources().size(); i++) {
        SourceConfig s = feed.sources().get(i);
        if (s.type() != null && s.type().isDatabento()) {
          requireSecret(
              c,
              "databento.api_key",
              databento.apiKey(),
              "feed source \"" + s.name() + "\" (" + s.type() + ")");
          break;
        }
      }
    }
    if (execution != null
        && execution.broker() == BrokerKind.TRADOVATE
        && execution.tradovate() != null) {
      TradovateConfig t = execution.tradovate();
      String why = "execution.broker TRADOVATE";
      Checks tc = c.at("execution.tradovate");
      tc.require(t.username() != null, "username", "required by " + why);
      tc.require(t.appId() != null, "app_id", "required by " + why);
      tc.require(t.cid() != null, "cid", "required by " + why);
      requireSecret(c, "execution.tradovate.password", t.password(), why);
      requireSecret(c, "execution.tradovate.sec", t.sec(), why);
    }
  }

  private static void requireSecret(Checks c, String key, Secret secret, String usedBy) {
    if (secret != null && !secret.isPresent()) {
      String ref = secret.reference().map(r -> "${" + r + "} has no value").orElse("not set");
      c.error(key, "missing required secret: " + ref + " (needed by " + usedBy + ")");
    }
  }
}
