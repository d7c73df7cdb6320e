package io.nqflow.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.common.v1.Confidence;
import io.nqflow.core.config.ConfigError;
import io.nqflow.core.config.ConfigException;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigValidator;
import io.nqflow.core.config.ControlConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.SourceConfig;
import io.nqflow.core.config.SourceType;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.ExecutionSettings.BrokerKind;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.pattern.FlowPattern;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.risk.RiskSettings;
import io.nqflow.runner.Sections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShippedProfilesTest {

  static final Path CONFIG = Path.of("..", "..", "config");

  /** A random key of 32 hex characters, new in every run. */
  static String randomKey() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static final String SIGNING_KEY = randomKey();
  static final String OPERATOR_KEY = randomKey();

  static final Map<String, String> LIVE_ENV =
      Map.of(
          "DATABENTO_API_KEY", "db-test-key-123",
          "TRADOVATE_USERNAME", "trader",
          "TRADOVATE_PASSWORD", "tv-password-456",
          "TRADOVATE_APP_ID", "nqflow",
          "TRADOVATE_CID", "1234",
          "TRADOVATE_SEC", "tv-sec-789",
          "NQFLOW_SIGNING_KEY", SIGNING_KEY,
          "NQFLOW_OPERATOR_KEY", OPERATOR_KEY);

  static NqflowConfig load(String profile, Path dir, Map<String, String> env) {
    return ConfigLoader.load(profile, dir, env, Sections.ALL);
  }

  static NqflowConfig fromYaml(String yaml, Path dir, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, dir, env, Sections.ALL);
  }

  private static FlowDetectionSettings detection(NqflowConfig c) {
    return c.section(FlowDetectionSettings.SECTION);
  }

  private static RiskSettings risk(NqflowConfig c) {
    return c.section(RiskSettings.SECTION);
  }

  private static ExecutionSettings execution(NqflowConfig c) {
    return c.section(ExecutionSettings.SECTION);
  }

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
    NqflowConfig cfg = load(profile, CONFIG, LIVE_ENV);

    assertThat(cfg.profile()).isEqualTo(profile);
    assertThat(ConfigValidator.problems(cfg)).isEmpty();
    assertThat(cfg.feed().sources()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void everyShippedProfileRunsEveryDetectorAndPattern(String profile) {
    FlowDetectionSettings d = detection(load(profile, CONFIG, LIVE_ENV));

    assertThat(d.enabledNames())
        .as("detectors on in %s", profile)
        .containsExactly("ifd_v1", "ifd_v3", "sweep", "ladder", "iceberg", "block", "accumulation")
        .containsAll(FlowDetectionJob.PATTERNS.stream().map(FlowPattern::name).toList());
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void everyShippedStrategyLoadsOnTopOfTheDefaults(String strategy) {
    NqflowConfig cfg = fromYaml("strategy: " + strategy + "\n", CONFIG, Map.of());

    assertThat(cfg.strategy()).isEqualTo(strategy);
    assertThat(cfg.variant()).isEqualTo(strategy);
    assertThat(detection(cfg).variant()).isEqualTo(strategy);
    assertThat(risk(cfg).variant()).isEqualTo(strategy);
  }

  @Test
  void localRunsTheSimulatorOnLocalKafkaWithThePaperBroker() {
    NqflowConfig cfg = load("local", CONFIG, Map.of());

    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(cfg.feed().sources())
        .extracting(SourceConfig::type)
        .containsExactly(SourceType.SIMULATOR);
    assertThat(execution(cfg).broker()).isEqualTo(BrokerKind.PAPER);
    assertThat(cfg.metrics().port()).isEqualTo(9249);
  }

  @Test
  void testingRunsTheSimulatorWithThePaperBrokerAndNeedsNoEnvironment() {
    NqflowConfig cfg = load("testing", CONFIG, Map.of());

    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(cfg.feed().sources())
        .extracting(SourceConfig::type)
        .containsExactly(SourceType.SIMULATOR);
    assertThat(execution(cfg).broker()).isEqualTo(BrokerKind.PAPER);
    assertThat(cfg.section(JobSettings.SECTION).parallelism()).isEqualTo(1);
  }

  @Test
  void conservativeStrategyHoldsTheThresholdsOfDesignSection6() {
    // The strategy alone, without a profile's overrides.
    NqflowConfig cfg =
        fromYaml("profile: strategy-only\nstrategy: conservative\n", CONFIG, Map.of());
    FlowDetectionSettings vr = detection(cfg);
    RiskSettings risk = risk(cfg);

    assertThat(cfg.strategy()).isEqualTo("conservative");
    assertThat(List.of(vr.moderateRatio(), vr.highRatio(), vr.veryHighRatio(), vr.extremeRatio()))
        .containsExactly(4.0, 10.0, 30.0, 50.0);
    assertThat(vr.minPremiumUsd()).isEqualTo(100_000.0);
    assertThat(vr.maxStrikeDistance()).isEqualTo(0.02);
    assertThat(vr.immediateSignedDelta()).isEqualTo(5_000.0);
    assertThat(vr.baselineSessions()).isEqualTo(20);
    assertThat(risk.dailyDataBudgetUsd()).isEqualTo(8.0);
    assertThat(risk.monthlyDataBudgetUsd()).isEqualTo(200.0);
    assertThat(risk.maxContractsPerPosition()).isEqualTo(1);
    assertThat(risk.maxDailyLossUsd()).isEqualTo(50.0);
    assertThat(risk.maxTotalRiskUsd()).isEqualTo(200.0);
    assertThat(risk.maxCostPerSignalUsd()).isEqualTo(5.0);
    assertThat(cfg.budget().dailyUsd()).isEqualTo(8.0);
    assertThat(cfg.budget().monthlyUsd()).isEqualTo(200.0);
  }

  @Test
  void localProfileWidensOnlyTheDollarLimitsForPaperTrading() {
    NqflowConfig local = load("local", CONFIG, Map.of());
    assertThat(local.strategy()).isEqualTo("conservative");
    assertThat(risk(local).maxContractsPerPosition()).isEqualTo(1);
    assertThat(risk(local).maxDailyLossUsd()).isGreaterThan(50.0);
    assertThat(execution(local).broker()).isEqualTo(BrokerKind.PAPER);
    assertThat(detection(local).moderateRatio()).isEqualTo(4.0);
  }

  @Test
  void builtInDefaultsAreTheConservativeStrategy() {
    NqflowConfig conservative = fromYaml("strategy: conservative\n", CONFIG, Map.of());
    NqflowConfig builtIn = fromYaml("", CONFIG, Map.of());

    assertThat(detection(conservative).withVariant("x"))
        .isEqualTo(detection(builtIn).withVariant("x"));
    assertThat(risk(conservative).withVariant("x")).isEqualTo(risk(builtIn).withVariant("x"));
  }

  @Test
  void otherStrategiesUseClearlyDifferentThresholds() {
    NqflowConfig conservative = fromYaml("strategy: conservative\n", CONFIG, Map.of());
    NqflowConfig aggressive = fromYaml("strategy: aggressive\n", CONFIG, Map.of());
    NqflowConfig technical = fromYaml("strategy: technical\n", CONFIG, Map.of());
    NqflowConfig scalping = fromYaml("strategy: scalping\n", CONFIG, Map.of());

    assertThat(detection(aggressive).moderateRatio())
        .isLessThan(detection(conservative).moderateRatio());
    assertThat(detection(aggressive).v3().zHigh()).isLessThan(detection(conservative).v3().zHigh());
    assertThat(risk(aggressive).minConfidence()).isEqualTo(Confidence.MODERATE);
    assertThat(risk(aggressive).maxContractsPerPosition())
        .isGreaterThan(risk(conservative).maxContractsPerPosition());
    assertThat(detection(technical).enabled("ifd_v1")).isFalse();
    assertThat(detection(technical).patternSettings().sweepMinLevels())
        .isGreaterThan(detection(conservative).patternSettings().sweepMinLevels());
    assertThat(risk(technical).minRiskReward()).isGreaterThan(risk(conservative).minRiskReward());
    assertThat(detection(scalping).window()).isLessThan(detection(conservative).window());
    assertThat(risk(scalping).stopLossFraction()).isLessThan(risk(conservative).stopLossFraction());
  }

  @Test
  void limitedLiveTradesOneContractAtTradovateWithSecretsFromTheEnvironment() {
    NqflowConfig cfg = load("limited-live", CONFIG, LIVE_ENV);

    assertThat(risk(cfg).maxContractsPerPosition()).isEqualTo(1);
    assertThat(execution(cfg).broker()).isEqualTo(BrokerKind.TRADOVATE);
    assertThat(execution(cfg).tradovate().password()).isEqualTo("tv-password-456");
    assertThat(execution(cfg).tradovate().sec()).isEqualTo("tv-sec-789");
    assertThat(execution(cfg).tradovate().name()).isEqualTo("trader");
    assertThat(execution(cfg).tradovate().cid()).isEqualTo(1234L);
    assertThat(cfg.databento().apiKey().reveal()).isEqualTo("db-test-key-123");
  }

  @Test
  void limitedLiveWithoutItsEnvironmentNamesEveryMissingValue() {
    assertThatThrownBy(() -> load("limited-live", CONFIG, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigError::keyPath)
                    .containsExactlyInAnyOrder(
                        "databento.api_key",
                        "execution.signing_key",
                        "execution.tradovate.username",
                        "execution.tradovate.password",
                        "execution.tradovate.app_id",
                        "execution.tradovate.cid",
                        "execution.tradovate.sec"));
  }

  @Test
  void databentoLiveReadsItsApiKeyFromTheEnvironment() {
    NqflowConfig cfg =
        load(
            "databento-live",
            CONFIG,
            Map.of("DATABENTO_API_KEY", "k-1", "NQFLOW_SIGNING_KEY", SIGNING_KEY));

    assertThat(cfg.feed().sources())
        .extracting(SourceConfig::type)
        .containsExactly(SourceType.DATABENTO_LIVE);
    assertThat(cfg.databento().apiKey().reveal()).isEqualTo("k-1");
    assertThat(cfg.databento().apiKey().reference()).contains("DATABENTO_API_KEY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"databento-live", "shadow", "limited-live"})
  void everyLiveProfileSignsIntentsAndControlCommandsAndRequiresTheSignatures(String profile) {
    NqflowConfig cfg = load(profile, CONFIG, LIVE_ENV);
    ExecutionSettings exec = execution(cfg);
    RiskSettings risk = risk(cfg);

    assertThat(risk.signingKey().reveal()).isEqualTo(SIGNING_KEY);
    assertThat(risk.signingKey().reference()).contains("NQFLOW_SIGNING_KEY");
    assertThat(exec.requireSignedIntents()).isTrue();
    assertThat(exec.signingKey().reveal()).isEqualTo(SIGNING_KEY);
    assertThat(exec.signingKeyId()).isEqualTo(risk.signingKeyId()).isEqualTo("gate-1");
    // what the gate signs, the service verifies
    OrderIntent signed = risk.intentSigner().sign(intent());
    assertThat(exec.intentVerifier().verify(signed)).isTrue();
    assertThat(exec.intentVerifier().verify(intent())).isFalse();
    for (ControlConfig control : List.of(cfg.control(), exec.control(), risk.control())) {
      assertThat(control.requireSigned()).isTrue();
      assertThat(control.operatorKeys())
          .singleElement()
          .satisfies(
              k -> {
                assertThat(k.id()).isEqualTo("operator-1");
                assertThat(k.key().reveal()).isEqualTo(OPERATOR_KEY);
              });
    }
    assertThat(exec.controlGuard().operatorKeyIds()).containsExactly("operator-1");
    assertThat(risk.controlGuard().operatorKeyIds()).containsExactly("operator-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "replay", "testing"})
  void localProfilesNeedNoKeys(String profile) {
    NqflowConfig cfg = load(profile, CONFIG, Map.of());
    assertThat(cfg.control().requireSigned()).isFalse();
    assertThat(cfg.control().operatorKeys()).isEmpty();
    assertThat(execution(cfg).requireSignedIntents()).isFalse();
  }

  @Test
  void aMissingKeyIsNamedByItsVariable() {
    Map<String, String> noSigningKey = new java.util.HashMap<>(LIVE_ENV);
    noSigningKey.remove("NQFLOW_SIGNING_KEY");
    assertThatThrownBy(() -> load("limited-live", CONFIG, noSigningKey))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("execution.signing_key")
        .hasMessageContaining("${NQFLOW_SIGNING_KEY} has no value");

    Map<String, String> noOperatorKey = new java.util.HashMap<>(LIVE_ENV);
    noOperatorKey.remove("NQFLOW_OPERATOR_KEY");
    NqflowConfig cfg = load("limited-live", CONFIG, noOperatorKey);
    // every command may load the profile; the components that verify commands refuse to start
    assertThatThrownBy(() -> execution(cfg).controlGuard())
        .hasMessageContaining("control.operator_keys[0].key: ${NQFLOW_OPERATOR_KEY} has no value");
    assertThatThrownBy(() -> risk(cfg).controlGuard())
        .hasMessageContaining("${NQFLOW_OPERATOR_KEY} has no value");
  }

  private static OrderIntent intent() {
    return OrderIntent.newBuilder()
        .setClientOrderId("A-s1")
        .setSignalId("s1")
        .setVariant("A")
        .setAccount("paper")
        .setInstrumentId(42L)
        .setRawSymbol("NQZ6 C21000")
        .setUnderlying("NQZ6")
        .setSide(io.nqflow.common.v1.OrderSide.BUY)
        .setQuantity(1)
        .setLimitPrice(10_000_000_000L)
        .setStopLossPrice(8_000_000_000L)
        .setProfitTargetPrice(14_000_000_000L)
        .setMultiplierUsd(20.0)
        .setReduceOnly(false)
        .setSignalPrice(9_750_000_000L)
        .setTsSignal(1_000L)
        .setTsDecision(2_000L)
        .setRiskUsd(80.0)
        .setRationale("ok")
        .setSource(io.nqflow.common.v1.DecisionSource.FLOW_SIGNAL)
        .setConfirmingOpportunityId(null)
        .build();
  }
}
