package io.nqflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private static NqflowConfig load(String profile, Path configDir, Map<String, String> env) {
    return ConfigLoader.load(profile, configDir, env, TestingSections.ALL);
  }

  private static NqflowConfig fromYaml(String yaml, Path configDir, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, configDir, env, TestingSections.ALL);
  }

  private Path write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, yaml);
    return p;
  }

  private List<ConfigError> errorsOf(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void childProfileOverridesItsParentAndInheritsTheRest() throws IOException {
    write(
        "base.yaml",
        """
        kafka:
          bootstrap_servers: broker-a:9092
          partitions: 6
        feed:
          sources:
            - {type: SIMULATOR, name: sim}
            - {type: REPLAY, name: files, path: /data}
        risk:
          max_daily_loss_usd: 75
        """);
    write(
        "child.yaml",
        """
        extends: base
        kafka:
          partitions: 12
        feed:
          sources:
            - {type: REPLAY, path: /other}
        """);

    NqflowConfig cfg = load("child", dir, Map.of());

    assertThat(cfg.profile()).isEqualTo("child");
    assertThat(cfg.kafka().partitions()).isEqualTo(12);
    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("broker-a:9092");
    assertThat(cfg.kafka().replicationFactor())
        .isEqualTo(KafkaConfig.defaults().replicationFactor());
    assertThat(cfg.section(TestingSections.RISK).maxDailyLossUsd()).isEqualTo(75.0);
    // lists are replaced as a whole, never merged element by element
    assertThat(cfg.feed().sources())
        .containsExactly(SourceConfig.replay("/other", ReplaySpeed.MAX));
  }

  @Test
  void profileOverridesStrategyWhichOverridesBuiltInDefaults() throws IOException {
    write(
        "strategies/tight.yaml",
        """
        detection:
          volume_ratio: {moderate: 6, high: 12}
        risk:
          max_daily_loss_usd: 30
          max_orders_per_minute: 3
        """);
    write(
        "p.yaml",
        """
        strategy: tight
        risk:
          max_daily_loss_usd: 20
        """);

    NqflowConfig cfg = load("p", dir, Map.of());

    assertThat(cfg.section(TestingSections.RISK).maxDailyLossUsd()).isEqualTo(20.0);
    assertThat(cfg.section(TestingSections.RISK).maxOrdersPerMinute()).isEqualTo(3);
    assertThat(cfg.section(TestingSections.DETECTION).moderate()).isEqualTo(6.0);
    assertThat(cfg.section(TestingSections.DETECTION).extreme())
        .isEqualTo(TestingSections.Detection.defaults().extreme());
  }

  @Test
  void profileGivenAsPathResolvesExtendsRelativeToItself() throws IOException {
    write("sub/parent.yaml", "metrics: {port: 9300}\n");
    Path child = write("sub/child.yml", "extends: ./parent.yaml\nkafka: {partitions: 2}\n");

    NqflowConfig cfg = load(child.toString(), dir.resolve("unused"), Map.of());

    assertThat(cfg.metrics().port()).isEqualTo(9300);
    assertThat(cfg.profile()).isEqualTo("child");
  }

  @Test
  void extendsCycleIsReportedNotFollowedForever() throws IOException {
    write("a.yaml", "extends: b\n");
    write("b.yaml", "extends: a\n");

    List<ConfigError> errors = errorsOf(() -> load("a", dir, Map.of()));

    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keyPath()).isEqualTo("extends");
              assertThat(e.reason()).contains("cycle").contains("a.yaml").contains("b.yaml");
            });
  }

  @Test
  void environmentReferencesAreSubstitutedWithDefaultsAndFiles() throws IOException {
    Path keyFile = write("secrets/api-key", "file-secret-value\n");
    write(
        "env.yaml",
        """
        kafka:
          bootstrap_servers: ${BROKER_HOST}:${BROKER_PORT:-9093}
          partitions: ${PARTITIONS:-4}
        flink:
          checkpoint_interval: ${CKPT}
          object_reuse: ${REUSE:-false}
        risk:
          account: acct-${DESK:-main}
        databento:
          api_key: ${file:%s}
        """
            .formatted(keyFile));

    NqflowConfig cfg =
        load("env", dir, Map.of("BROKER_HOST", "kafka-0", "CKPT", "30s", "DESK", "nq"));

    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("kafka-0:9093");
    assertThat(cfg.kafka().partitions()).isEqualTo(4);
    assertThat(cfg.section(TestingSections.FLINK).checkpointInterval())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(cfg.section(TestingSections.FLINK).objectReuse()).isFalse();
    assertThat(cfg.section(TestingSections.RISK).account()).isEqualTo("acct-nq");
    assertThat(cfg.databento().apiKey().reveal()).isEqualTo("file-secret-value");
  }

  @Test
  void aSecretFileThatIsADeviceOrTooLargeIsAnErrorNotAnEndlessRead() throws IOException {
    // /dev/zero never ends: it used to be read until the heap ran out (an OutOfMemoryError).
    Path big = write("secrets/big", "k".repeat(64 * 1024 + 1));
    write(
        "p.yaml",
        "databento:\n  api_key: ${file:/dev/zero}\nkafka:\n  bootstrap_servers: ${file:"
            + big
            + "}\n");

    List<ConfigError> errors =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> errorsOf(() -> load("p", dir, Map.of())));

    assertThat(errors).extracting(ConfigError::keyPath).contains("kafka.bootstrap_servers");
    assertThat(errors).anySatisfy(e -> assertThat(e.reason()).contains("${file:" + big + "}"));
  }

  @Test
  void unsetVariableInAPlainValueIsAnError() throws IOException {
    write("p.yaml", "kafka:\n  bootstrap_servers: ${NOPE}\n");

    List<ConfigError> errors = errorsOf(() -> load("p", dir, Map.of()));

    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keyPath()).isEqualTo("kafka.bootstrap_servers");
              assertThat(e.reason()).contains("${NOPE}");
            });
  }

  @Test
  void brokenProfileReportsUnknownKeyWrongTypeOutOfRangeAndMissingSecretAtOnce()
      throws IOException {
    write(
        "broken.yaml",
        """
        kafka:
          partitons: 3
        flink:
          parallelism: two
        risk:
          max_daily_loss_usd: -5
        feed:
          sources:
            - type: DATABENTO_LIVE
              schemas: [mbo]
              stype_in: parent
              symbols: [NQ.OPT]
        databento:
          api_key: ${DATABENTO_API_KEY}
        """);
    String file = dir.resolve("broken.yaml").toString();

    List<ConfigError> errors = errorsOf(() -> load("broken", dir, Map.of()));

    assertThat(errors)
        .extracting(ConfigError::file, ConfigError::keyPath)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(file, "kafka.partitons"),
            org.assertj.core.groups.Tuple.tuple(file, "flink.parallelism"),
            org.assertj.core.groups.Tuple.tuple(file, "risk.max_daily_loss_usd"),
            org.assertj.core.groups.Tuple.tuple(file, "databento.api_key"));
    assertThat(errors)
        .extracting(ConfigError::reason)
        .anySatisfy(r -> assertThat(r).contains("unknown key").contains("partitions"))
        .anySatisfy(r -> assertThat(r).contains("wrong type").contains("\"two\""))
        .anySatisfy(r -> assertThat(r).contains("between").contains("-5"))
        .anySatisfy(
            r -> assertThat(r).contains("missing required secret").contains("DATABENTO_API_KEY"));
  }

  @Test
  void errorFromAParentProfileNamesTheParentFile() throws IOException {
    write("parent.yaml", "metrics:\n  port: 70000\n");
    write("child.yaml", "extends: parent\nkafka: {partitions: 0}\n");

    List<ConfigError> errors = errorsOf(() -> load("child", dir, Map.of()));

    assertThat(errors)
        .extracting(ConfigError::format)
        .containsExactlyInAnyOrder(
            dir.resolve("parent.yaml") + ": metrics.port: must be between 0 and 65535, got 70000",
            dir.resolve("child.yaml") + ": kafka.partitions: must be between 1 and 10000, got 0");
  }

  @Test
  void unusedSecretReferenceWithoutValueIsNotAnError() throws IOException {
    write("p.yaml", "detection:\n  token: ${TRADOVATE_SEC}\n");

    NqflowConfig cfg = load("p", dir, Map.of());

    assertThat(cfg.section(TestingSections.DETECTION).token()).isNull();
  }

  @Test
  void literalSecretInAProfileIsRejected() throws IOException {
    write("p.yaml", "databento:\n  api_key: db-abcdef\n");

    List<ConfigError> errors = errorsOf(() -> load("p", dir, Map.of()));

    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keyPath()).isEqualTo("databento.api_key");
              assertThat(e.reason()).contains("must not be written into config files");
              assertThat(e.format()).doesNotContain("db-abcdef");
            });
  }

  @Test
  void sourceSpecificFieldsAreTypedAndChecked() throws IOException {
    write(
        "p.yaml",
        """
        feed:
          sources:
            - type: replay
              name: files
              path: /data/glbx
              speed: x10
            - type: DATABENTO_HISTORICAL
              name: hist
              schemas: [mbo, definition]
              stype_in: parent
              symbols: [NQ.OPT]
              start: 2024-05-01
              end: 2024-05-02T00:00:00Z
            - type: REPLAY
              name: files
        databento:
          api_key: ${KEY}
        """);

    List<ConfigError> errors = errorsOf(() -> load("p", dir, Map.of("KEY", "k")));

    assertThat(errors)
        .extracting(ConfigError::keyPath)
        .containsExactlyInAnyOrder("feed.sources[2].name", "feed.sources[2].path");

    write(
        "ok.yaml",
        Files.readString(dir.resolve("p.yaml"))
            .replace("    - type: REPLAY\n      name: files\n", ""));
    NqflowConfig cfg = load("ok", dir, Map.of("KEY", "k"));
    assertThat(cfg.feed().sources().get(0).speed()).isEqualTo(ReplaySpeed.times(10));
    assertThat(cfg.feed().sources().get(1).start())
        .isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
  }

  @Test
  void missingProfileAndBadYamlAreReportedWithTheirFile() throws IOException {
    write("bad.yaml", "kafka: [unclosed\n");

    assertThat(errorsOf(() -> load("nope", dir, Map.of())))
        .singleElement()
        .satisfies(e -> assertThat(e.format()).contains("nope.yaml").contains("not found"));
    assertThat(errorsOf(() -> load("bad", dir, Map.of())))
        .singleElement()
        .satisfies(e -> assertThat(e.format()).contains("bad.yaml").contains("invalid YAML"));
  }

  @Test
  void duplicateKeysAndUnknownStrategyKeysAreRejected() throws IOException {
    write("dup.yaml", "metrics:\n  port: 1\n  port: 2\n");
    write("strategies/s.yaml", "kafka: {partitions: 9}\n");
    write("st.yaml", "strategy: s\n");

    assertThat(errorsOf(() -> load("dup", dir, Map.of())))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("port"));
    assertThat(errorsOf(() -> load("st", dir, Map.of())))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).endsWith("s.yaml");
              assertThat(e.keyPath()).isEqualTo("kafka");
            });
  }

  @Test
  void nameResolvesInConfigDirAndAnythingWithSlashOrYamlSuffixIsAPath() {
    Path configDir = Path.of("config");

    assertThat(ConfigLoader.resolveProfile("local", configDir))
        .isEqualTo(Path.of("config/local.yaml"));
    assertThat(ConfigLoader.resolveProfile("x/y.yaml", configDir)).isEqualTo(Path.of("x/y.yaml"));
    assertThat(ConfigLoader.resolveProfile("mine.yml", configDir)).isEqualTo(Path.of("mine.yml"));
  }

  @Test
  void crossFieldRulesAreChecked() {
    String yaml =
        """
        detection:
          volume_ratio: {moderate: 10, high: 5}
        risk:
          max_contracts_per_position: 4
          max_total_position: 2
        budget: {daily_usd: 10, monthly_usd: 5}
        """;

    assertThatThrownBy(() -> fromYaml(yaml, dir, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::keyPath)
                    .containsExactlyInAnyOrder(
                        "detection.volume_ratio.high",
                        "risk.max_total_position",
                        "budget.monthly_usd"));
  }

  @Test
  void builtInDefaultsAreValid() {
    assertThat(ConfigValidator.problems(NqflowConfig.defaults())).isEmpty();
    assertThat(fromYaml("", dir, Map.of()).withProfile("defaults").withComponents(Map.of()))
        .isEqualTo(NqflowConfig.defaults());
  }
}
