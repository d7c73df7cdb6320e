package io.nqflow.runner;

import io.nqflow.core.config.DetectionConfig;
import io.nqflow.core.config.ExecutionConfig;
import io.nqflow.core.config.FlinkConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.RiskConfig;
import io.nqflow.core.config.SimulatorScale;
import io.nqflow.core.config.TradovateConfig;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.risk.RiskSettings;
import io.nqflow.simulator.Scale;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Maps the resolved profile ({@link NqflowConfig}) onto each component's own settings record, in
 * one place, so components stay independent of the YAML layout.
 */
public final class SettingsMapper {
  private SettingsMapper() {}

  public static JobSettings jobSettings(NqflowConfig cfg, String bootstrapServers) {
    FlinkConfig f = cfg.flink();
    return new JobSettings(
        bootstrapServers,
        f.parallelism(),
        f.checkpointInterval(),
        switch (f.delivery()) {
          case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
          case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
        },
        f.objectReuse(),
        f.outOfOrderness(),
        f.idleness(),
        false,
        cfg.detection().variant());
  }

  public static FlowDetectionSettings flow(NqflowConfig cfg, String variant) {
    DetectionConfig d = cfg.detection();
    var v = d.volumeRatio();
    var p = d.patterns();
    List<FlowDetectionSettings.PatternSwitch> patterns = new ArrayList<>();
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "ifd_v1", FlowDetectionSettings.IFD_V1_VERSION, v.enabled()));
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "ifd_v3", FlowDetectionSettings.IFD_V3_VERSION, d.mboPressure().enabled()));
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "sweep", Integer.toString(p.sweep().version()), p.sweep().enabled()));
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "ladder", Integer.toString(p.ladder().version()), p.ladder().enabled()));
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "iceberg", Integer.toString(p.iceberg().version()), p.iceberg().enabled()));
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "block", Integer.toString(p.block().version()), p.block().enabled()));
    patterns.add(
        new FlowDetectionSettings.PatternSwitch(
            "accumulation",
            Integer.toString(p.accumulation().version()),
            p.accumulation().enabled()));
    return FlowDetectionSettings.defaults().toBuilder()
        .variant(variant)
        .jobVersion(Integer.toString(d.jobVersion()))
        .window(v.window())
        .bucket(d.baseline().bucket())
        .baselineSessions(d.baseline().sessions())
        .minBaselineContracts(v.minBaselineVolume())
        .moderateRatio(v.moderate())
        .highRatio(v.high())
        .veryHighRatio(v.veryHigh())
        .extremeRatio(v.extreme())
        .minPremiumUsd(v.minPremiumUsd())
        .maxStrikeDistance(v.maxStrikeDistancePct() / 100.0)
        .immediateSignedDelta(v.immediateSignedDelta())
        .cooldown(d.cooldown())
        .patterns(patterns)
        .build();
  }

  public static RiskSettings risk(NqflowConfig cfg, String variant) {
    RiskConfig r = cfg.risk();
    return RiskSettings.defaults().toBuilder()
        .variant(variant)
        .account(r.account())
        .minConfidence(r.minConfidence())
        .maxContractsPerPosition(r.maxContractsPerPosition())
        .maxTotalContracts(r.maxTotalPosition())
        .maxDailyLossUsd(r.maxDailyLossUsd())
        .maxTotalRiskUsd(r.maxTotalRiskUsd())
        .maxOrdersPerMinute(r.maxOrdersPerMinute())
        .dailyDataBudgetUsd(cfg.budget().dailyUsd())
        .monthlyDataBudgetUsd(cfg.budget().monthlyUsd())
        .maxCostPerSignalUsd(r.maxCostPerSignalUsd())
        .stopLossFraction(r.stopLossPct() / 100.0)
        .profitTargetFraction(r.profitTargetPct() / 100.0)
        .entrySlippageFraction(r.entrySlippagePct() / 100.0)
        .minRiskReward(r.minRiskReward())
        .minTimeToExpiry(r.minTimeToExpiry())
        .enforceTradingHours(r.enforceTradingHours())
        .cooldown(cfg.detection().cooldown())
        .dedupeTtl(r.dedupeTtl())
        .build();
  }

  /**
   * Execution settings; {@code ledgerFile} (without extension) overrides the profile's JDBC URL so
   * a local run gets a fresh ledger of its own, or null to use the profile's.
   */
  public static ExecutionSettings execution(
      NqflowConfig cfg, String bootstrapServers, Path ledgerFile) {
    ExecutionConfig e = cfg.execution();
    String url =
        ledgerFile != null
            ? "jdbc:h2:file:" + ledgerFile.toAbsolutePath() + ";AUTO_SERVER=FALSE"
            : e.ledgerJdbcUrl();
    ExecutionSettings.Builder b =
        ExecutionSettings.builder()
            .broker(
                switch (e.broker()) {
                  case PAPER -> ExecutionSettings.BrokerKind.PAPER;
                  case TRADOVATE -> ExecutionSettings.BrokerKind.TRADOVATE;
                })
            .account(cfg.risk().account())
            .ledger(
                url,
                e.ledgerUser() == null ? "" : e.ledgerUser(),
                e.ledgerPassword().isPresent() ? e.ledgerPassword().reveal() : "")
            .paperLatency(e.paper().latency())
            .paperSlippageTicks(e.paper().slippageTicks())
            .reconcileInterval(e.reconcileInterval())
            .kafkaBootstrap(bootstrapServers)
            .consumerGroup(cfg.kafka().clientIdPrefix() + "-execution-" + cfg.risk().account());
    if (e.broker() == io.nqflow.core.config.BrokerKind.TRADOVATE) {
      TradovateConfig t = e.tradovate();
      b.tradovate(
          new ExecutionSettings.Tradovate(
              URI.create(t.baseUrl()),
              t.username(),
              t.password().reveal(),
              t.appId(),
              t.appVersion(),
              Long.parseLong(t.cid()),
              t.sec().reveal(),
              cfg.risk().account(),
              null,
              null));
    }
    return b.build();
  }

  public static Scale scale(SimulatorScale s) {
    return switch (s) {
      case SMALL -> Scale.SMALL;
      case MEDIUM -> Scale.MEDIUM;
      case FULL -> Scale.FULL;
    };
  }
}
