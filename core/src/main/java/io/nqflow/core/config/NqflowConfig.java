package io.nqflow.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole resolved nqflow configuration: one immutable value built by {@link ConfigLoader} from a
 * profile (and its parents and strategy), or from {@link #defaults()} in code and tests.
 *
 * <p>Core holds the sections that plain services share (Kafka, the feed, the simulator, Databento,
 * the data budget, metrics). The sections a component owns ({@code flink}, {@code detection},
 * {@code risk}, {@code execution}) are declared by that component's settings record and registered
 * with the loader as a {@link ConfigSection}; {@link #section} returns them.
 *
 * @param profile profile name (the file name without .yaml unless the file sets {@code profile:})
 * @param strategy strategy file the detection and risk thresholds came from; null for built-ins
 * @param variant A/B variant name carried by every signal, decision and order
 * @param kafka Kafka connection and topic settings
 * @param feed feed sources and quality thresholds
 * @param simulator market simulator settings
 * @param databento Databento access
 * @param budget data-spend budget
 * @param metrics Prometheus endpoint
 * @param control who may switch the trading state (operator keys)
 * @param components the bound component sections by key (filled by the loader)
 */
public record NqflowConfig(
    @Doc("Profile name; the file name without .yaml unless the file sets it") String profile,
    @Nullable @Doc("Strategy file the detection and risk thresholds come from") String strategy,
    @Doc(
            "A/B variant name: tags every signal, decision and order, and is part of consumer"
                + " groups, transactional ids and message ids")
        String variant,
    KafkaConfig kafka,
    FeedConfig feed,
    SimulatorConfig simulator,
    DatabentoConfig databento,
    BudgetConfig budget,
    MetricsConfig metrics,
    ControlConfig control,
    @RuntimeOnly Map<String, Record> components)
    implements Validating {

  public NqflowConfig {
    components =
        components == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(components));
  }

  /** Built-in defaults: simulator source, local Kafka, paper broker, conservative thresholds. */
  public static NqflowConfig defaults() {
    return new NqflowConfig(
        "defaults",
        null,
        "baseline",
        KafkaConfig.defaults(),
        FeedConfig.defaults(),
        SimulatorConfig.defaults(),
        DatabentoConfig.defaults(),
        BudgetConfig.defaults(),
        MetricsConfig.defaults(),
        ControlConfig.defaults(),
        Map.of());
  }

  /**
   * The settings of a component section; its defaults when the loader did not bind it (a config
   * built in code).
   */
  public <T extends Record> T section(ConfigSection<T> section) {
    Record r = components.get(section.key());
    if (r == null) {
      return section.defaults().get();
    }
    return section.type().cast(r);
  }

  /** A copy with {@code value} as the settings of {@code section}. */
  public <T extends Record> NqflowConfig with(ConfigSection<T> section, T value) {
    Map<String, Record> copy = new LinkedHashMap<>(components);
    copy.put(section.key(), value);
    return new NqflowConfig(
        profile, strategy, variant, kafka, feed, simulator, databento, budget, metrics, control,
        copy);
  }

  /** A copy with these component sections (the loader's last step). */
  public NqflowConfig withComponents(Map<String, Record> value) {
    return new NqflowConfig(
        profile, strategy, variant, kafka, feed, simulator, databento, budget, metrics, control,
        value);
  }

  public NqflowConfig withVariant(String value) {
    return new NqflowConfig(
        profile,
        strategy,
        value,
        kafka,
        feed,
        simulator,
        databento,
        budget,
        metrics,
        control,
        components);
  }

  public NqflowConfig withProfile(String value) {
    return new NqflowConfig(
        value,
        strategy,
        variant,
        kafka,
        feed,
        simulator,
        databento,
        budget,
        metrics,
        control,
        components);
  }

  public NqflowConfig withKafka(KafkaConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        value,
        feed,
        simulator,
        databento,
        budget,
        metrics,
        control,
        components);
  }

  public NqflowConfig withFeed(FeedConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        kafka,
        value,
        simulator,
        databento,
        budget,
        metrics,
        control,
        components);
  }

  public NqflowConfig withSimulator(SimulatorConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        kafka,
        feed,
        value,
        databento,
        budget,
        metrics,
        control,
        components);
  }

  public NqflowConfig withDatabento(DatabentoConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        kafka,
        feed,
        simulator,
        value,
        budget,
        metrics,
        control,
        components);
  }

  public NqflowConfig withBudget(BudgetConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        kafka,
        feed,
        simulator,
        databento,
        value,
        metrics,
        control,
        components);
  }

  public NqflowConfig withControl(ControlConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        kafka,
        feed,
        simulator,
        databento,
        budget,
        metrics,
        value,
        components);
  }

  public NqflowConfig withMetrics(MetricsConfig value) {
    return new NqflowConfig(
        profile,
        strategy,
        variant,
        kafka,
        feed,
        simulator,
        databento,
        budget,
        value,
        control,
        components);
  }

  /** Cross-section rules: secrets are required only by the sections this profile actually uses. */
  @Override
  public void validate(Checks c) {
    if (variant != null) {
      c.require(
          variant.matches("[a-z0-9][a-z0-9._-]{0,63}"),
          "variant",
          "expected 1-64 characters a-z, 0-9, '.', '_', '-', got \"" + variant + "\"");
    }
    if (feed != null && databento != null) {
      for (int i = 0; i < feed.sources().size(); i++) {
        SourceConfig s = feed.sources().get(i);
        if (s.type() != null && s.type().isDatabento()) {
          c.requireSecret(
              "databento.api_key",
              databento.apiKey(),
              "feed source \"" + s.name() + "\" (" + s.type() + ")");
          break;
        }
      }
    }
  }
}
