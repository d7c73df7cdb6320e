package io.nqflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.Confidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedProfilesTest {

  static final Path CONFIG = Path.of("..", "config");

  static final Map<String, String> LIVE_ENV =
      Map.of(
          "DATABENTO_API_KEY", "db-test-key-123",
          "TRADOVATE_USERNAME", "trader",
          "TRADOVATE_PASSWORD", "tv-password-456",
          "TRADOVATE_APP_ID", "nqflow",
          "TRADOVATE_CID", "1234",
          "TRADOVATE_SEC", "tv-sec-789");

  static Stream<String> profiles() throws IOException {
    try (Stream<Path> files = Files.list(CONFIG)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .map(n -> n.substring(0, n.length() - ".yaml".length()))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  static Stream<String> strategies() throws IOException {
    try (Stream<Path> files = Files.list(CONFIG.resolve("strategies"))) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .map(n -> n.substring(0, n.length() - ".yaml".length()))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  @Test
  void allProfilesAndStrategiesOfTheDesignAreShipped() throws IOException {
    assertThat(profiles())
        .containsExactlyInAnyOrder(
            "local", "replay", "shadow", "limited-live", "databento-live", "testing");
    assertThat(strategies())
        .containsExactlyInAnyOrder("conservative", "aggressive", "technical", "scalping");
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void everyShippedProfileLoadsAndValidates(String profile) {
    NqflowConfig cfg = ConfigLoader.load(profile, CONFIG, LIVE_ENV);

    assertThat(cfg.profile()).isEqualTo(profile);
    assertThat(ConfigValidator.problems(cfg)).isEmpty();
    assertThat(cfg.feed().sources()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void everyShippedStrategyLoadsOnTopOfTheDefaults(String strategy) {
    NqflowConfig cfg = ConfigLoader.fromYaml("strategy: " + strategy + "\n", CONFIG, Map.of());

    assertThat(cfg.strategy()).isEqualTo(strategy);
    assertThat(cfg.detection().variant()).isEqualTo(strategy);
  }

  @Test
  void localRunsTheSimulatorOnLocalKafkaWithThePaperBroker() {
    NqflowConfig cfg = ConfigLoader.load("local", CONFIG, Map.of());

    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(cfg.feed().sources())
        .extracting(SourceConfig::type)
        .containsExactly(SourceType.SIMULATOR);
    assertThat(cfg.execution().broker()).isEqualTo(BrokerKind.PAPER);
    assertThat(cfg.metrics().port()).isEqualTo(9249);
  }

  @Test
  void testingRunsTheSimulatorWithThePaperBrokerAndNeedsNoEnvironment() {
    NqflowConfig cfg = ConfigLoader.load("testing", CONFIG, Map.of());

    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(cfg.feed().sources())
        .extracting(SourceConfig::type)
        .containsExactly(SourceType.SIMULATOR);
    assertThat(cfg.execution().broker()).isEqualTo(BrokerKind.PAPER);
    assertThat(cfg.flink().parallelism()).isEqualTo(1);
  }

  @Test
  void conservativeStrategyHoldsTheThresholdsOfDesignSection6() {
    // The strategy alone, without a profile's overrides.
    NqflowConfig cfg =
        ConfigLoader.fromYaml("profile: strategy-only\nstrategy: conservative\n", CONFIG, Map.of());
    VolumeRatioConfig vr = cfg.detection().volumeRatio();
    RiskConfig risk = cfg.risk();

    assertThat(cfg.strategy()).isEqualTo("conservative");
    assertThat(List.of(vr.moderate(), vr.high(), vr.veryHigh(), vr.extreme()))
        .containsExactly(4.0, 10.0, 30.0, 50.0);
    assertThat(vr.minPremiumUsd()).isEqualTo(100_000.0);
    assertThat(vr.maxStrikeDistancePct()).isEqualTo(2.0);
    assertThat(vr.immediateSignedDelta()).isEqualTo(5_000L);
    assertThat(cfg.detection().baseline().sessions()).isEqualTo(20);
    assertThat(risk.ev().minEvPoints()).isEqualTo(15.0);
    assertThat(risk.ev().minProbability()).isEqualTo(0.6);
    assertThat(risk.ev().maxRiskPoints()).isEqualTo(150.0);
    assertThat(risk.maxContractsPerPosition()).isEqualTo(1);
    assertThat(risk.maxDailyLossUsd()).isEqualTo(50.0);
    assertThat(risk.maxTotalRiskUsd()).isEqualTo(200.0);
    assertThat(risk.maxCostPerSignalUsd()).isEqualTo(5.0);
    assertThat(cfg.budget().dailyUsd()).isEqualTo(8.0);
    assertThat(cfg.budget().monthlyUsd()).isEqualTo(200.0);
  }

  @Test
  void localProfileWidensOnlyTheDollarLimitsForPaperTrading() {
    NqflowConfig local = ConfigLoader.load("local", CONFIG, Map.of());
    assertThat(local.strategy()).isEqualTo("conservative");
    assertThat(local.risk().maxContractsPerPosition()).isEqualTo(1);
    assertThat(local.risk().maxDailyLossUsd()).isGreaterThan(50.0);
    assertThat(local.execution().broker()).isEqualTo(BrokerKind.PAPER);
    assertThat(local.detection().volumeRatio().moderate()).isEqualTo(4.0);
  }

  @Test
  void builtInDefaultsAreTheConservativeStrategy() {
    NqflowConfig conservative = ConfigLoader.fromYaml("strategy: conservative\n", CONFIG, Map.of());
    NqflowConfig builtIn = ConfigLoader.fromYaml("", CONFIG, Map.of());

    assertThat(withVariant(conservative.detection(), "x"))
        .isEqualTo(withVariant(builtIn.detection(), "x"));
    assertThat(conservative.risk()).isEqualTo(builtIn.risk());
  }

  @Test
  void otherStrategiesUseClearlyDifferentThresholds() {
    NqflowConfig conservative = ConfigLoader.fromYaml("strategy: conservative\n", CONFIG, Map.of());
    NqflowConfig aggressive = ConfigLoader.fromYaml("strategy: aggressive\n", CONFIG, Map.of());
    NqflowConfig technical = ConfigLoader.fromYaml("strategy: technical\n", CONFIG, Map.of());
    NqflowConfig scalping = ConfigLoader.fromYaml("strategy: scalping\n", CONFIG, Map.of());

    assertThat(aggressive.detection().volumeRatio().moderate())
        .isLessThan(conservative.detection().volumeRatio().moderate());
    assertThat(aggressive.risk().minConfidence()).isEqualTo(Confidence.MODERATE);
    assertThat(aggressive.risk().maxContractsPerPosition())
        .isGreaterThan(conservative.risk().maxContractsPerPosition());
    assertThat(technical.detection().volumeRatio().enabled()).isFalse();
    assertThat(technical.risk().minRiskReward()).isGreaterThan(conservative.risk().minRiskReward());
    assertThat(scalping.detection().volumeRatio().window())
        .isLessThan(conservative.detection().volumeRatio().window());
    assertThat(scalping.risk().ev().maxRiskPoints())
        .isLessThan(conservative.risk().ev().maxRiskPoints());
  }

  @Test
  void limitedLiveTradesOneContractAtTradovateWithSecretsFromTheEnvironment() {
    NqflowConfig cfg = ConfigLoader.load("limited-live", CONFIG, LIVE_ENV);

    assertThat(cfg.risk().maxContractsPerPosition()).isEqualTo(1);
    assertThat(cfg.execution().broker()).isEqualTo(BrokerKind.TRADOVATE);
    assertThat(cfg.execution().tradovate().password().reveal()).isEqualTo("tv-password-456");
    assertThat(cfg.execution().tradovate().sec().reveal()).isEqualTo("tv-sec-789");
    assertThat(cfg.execution().tradovate().username()).isEqualTo("trader");
    assertThat(cfg.databento().apiKey().reveal()).isEqualTo("db-test-key-123");
  }

  @Test
  void limitedLiveWithoutItsEnvironmentNamesEveryMissingValue() {
    assertThatThrownBy(() -> ConfigLoader.load("limited-live", CONFIG, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::keyPath)
                    .containsExactlyInAnyOrder(
                        "databento.api_key",
                        "execution.tradovate.username",
                        "execution.tradovate.password",
                        "execution.tradovate.app_id",
                        "execution.tradovate.cid",
                        "execution.tradovate.sec"));
  }

  @Test
  void databentoLiveReadsItsApiKeyFromTheEnvironment() {
    NqflowConfig cfg =
        ConfigLoader.load("databento-live", CONFIG, Map.of("DATABENTO_API_KEY", "k-1"));

    assertThat(cfg.feed().sources())
        .extracting(SourceConfig::type)
        .containsExactly(SourceType.DATABENTO_LIVE);
    assertThat(cfg.databento().apiKey().reveal()).isEqualTo("k-1");
    assertThat(cfg.databento().apiKey().reference()).contains("DATABENTO_API_KEY");
  }

  private static DetectionConfig withVariant(DetectionConfig d, String variant) {
    return new DetectionConfig(
        variant,
        d.jobVersion(),
        d.baseline(),
        d.volumeRatio(),
        d.mboPressure(),
        d.patterns(),
        d.cooldown());
  }
}
