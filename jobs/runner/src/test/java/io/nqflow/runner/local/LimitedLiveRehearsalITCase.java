package io.nqflow.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.market.Prices;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.risk.ExecuteIn;
import io.nqflow.risk.RiskSettings;
import io.nqflow.runner.Sections;
import io.nqflow.signals.v1.FlowSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paper rehearsal of limited-live: the local stack (embedded Kafka, MiniCluster, simulator with
 * MNQ options on every NQ expiry, paper broker) with limited-live's risk section, NQ options flow
 * executed in MNQ options. The rehearsal places orders, every one of them in an MNQ option at $2 a
 * point, and never breaks the limits: one contract, $200 of total risk, $50 of daily loss.
 */
class LimitedLiveRehearsalITCase {
  static final Path REHEARSAL = Path.of("rehearsals", "limited-live-paper.yaml");

  @TempDir Path tmp;

  @Test
  void theRehearsalHasTheLimitsOfLimitedLive() {
    ProfileOptions p = new ProfileOptions();
    Path config = p.configDir();
    Map<String, String> env = new HashMap<>();
    for (String k :
        new String[] {
          "DATABENTO_API_KEY",
          "TRADOVATE_USERNAME",
          "TRADOVATE_PASSWORD",
          "TRADOVATE_APP_ID",
          "TRADOVATE_SEC",
          "NQFLOW_SIGNING_KEY",
          "NQFLOW_OPERATOR_KEY"
        }) {
      env.put(k, randomKey());
    }
    env.put("TRADOVATE_CID", "1");
    RiskSettings live =
        ConfigLoader.load("limited-live", config, env, Sections.ALL).section(RiskSettings.SECTION);
    RiskSettings paper =
        ConfigLoader.load(config.resolve(REHEARSAL).toString(), config, Map.of(), Sections.ALL)
            .section(RiskSettings.SECTION);

    assertThat(live.executeIn()).isEqualTo(ExecuteIn.MICRO);
    // Every trading limit; not the account, signing keys or data budget (no data is bought).
    assertThat(limits(paper)).isEqualTo(limits(live));
  }

  private static java.util.List<Object> limits(RiskSettings r) {
    return java.util.List.of(
        r.minConfidence(),
        r.orderQuantity(),
        r.maxContractsPerPosition(),
        r.maxTotalContracts(),
        r.maxDailyLossUsd(),
        r.maxTotalRiskUsd(),
        r.maxOrdersPerMinute(),
        r.stopLossFraction(),
        r.profitTargetFraction(),
        r.entrySlippageFraction(),
        r.minRiskReward(),
        r.minTimeToExpiry(),
        r.enforceTradingHours(),
        r.cooldown(),
        r.nqMultiplierUsd(),
        r.mnqMultiplierUsd(),
        r.opportunities(),
        r.executeIn());
  }

  @Test
  void aPaperRehearsalOfLimitedLivePlacesOrdersInMicrosAndNeverBreaksItsLimits() throws Exception {
    ProfileOptions profile = new ProfileOptions();
    NqflowConfig cfg =
        Sections.load(new ProfileOptions(profile.configDir().resolve(REHEARSAL).toString()));
    RiskSettings risk = cfg.section(RiskSettings.SECTION);
    assertThat(cfg.simulator().microChains()).isTrue();
    assertThat(risk.executeIn()).isEqualTo(ExecuteIn.MICRO);
    LocalStack.Options options =
        new LocalStack.Options(
            "rehearsal", tmp, null, null, null, null, Speed.parse("x20"), false, 0, 0);
    AtomicReference<SummaryCollector.Hops> seen = new AtomicReference<>();
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    LocalSummary summary =
        new LocalStack(cfg, options)
            .run(new PrintStream(console, true, StandardCharsets.UTF_8), seen::set);

    SummaryCollector.Hops hops = seen.get();
    System.out.println(console.toString(StandardCharsets.UTF_8));
    for (FlowSignal s : hops.signals().values()) {
      RiskDecision d =
          hops.rejected().values().stream()
              .filter(r -> r.getSignalId().equals(s.getSignalId()))
              .findFirst()
              .orElse(null);
      System.out.printf(
          "%s %s %s %s ref %.2f -> %s%n",
          s.getSignalId(),
          s.getRawSymbol(),
          s.getConfidence(),
          s.getAggressor(),
          Prices.toDouble(s.getReferencePrice()),
          d == null ? "approved" : d.getViolations());
    }
    for (OrderIntent i : hops.approved().values()) {
      System.out.println(i.getRawSymbol() + " " + i.getRationale());
    }
    assertThat(hops.approved().size() + hops.rejected().size()).isEqualTo(hops.signals().size());

    // Orders were placed: approved intents reached the paper broker as entries.
    long entries =
        hops.exec().stream()
            .filter(
                e -> e.getPayload() instanceof OrderAccepted a && a.getRole() == OrderRole.ENTRY)
            .count();
    assertThat(hops.approved()).as("orders.approved").isNotEmpty();
    assertThat(entries).as("entries accepted by the paper broker").isPositive();

    // Every order is an MNQ option at $2 a point, named as such, and records its NQ signal.
    for (OrderIntent i : hops.approved().values()) {
      FlowSignal s = hops.signals().get(i.getSignalId());
      assertThat(i.getUnderlying()).as(i.getClientOrderId()).startsWith("MNQ");
      assertThat(i.getMultiplierUsd()).isEqualTo(2.0);
      assertThat(i.getQuantity()).isLessThanOrEqualTo(1);
      if (s.getUnderlying().startsWith("NQ")) {
        assertThat(i.getInstrumentId()).isNotEqualTo(s.getInstrumentId());
        assertThat(i.getRationale()).contains("executed in " + i.getRawSymbol());
      }
      // One contract at most is open, so an entry's own risk is the account's total risk; its
      // stop-out must also fit the daily loss limit.
      assertThat(i.getRiskUsd()).isLessThanOrEqualTo(risk.maxDailyLossUsd());
      assertThat(i.getRiskUsd()).isLessThanOrEqualTo(risk.maxTotalRiskUsd());
    }

    // The position never exceeds one contract: fills replayed in order.
    Map<Long, Long> position = new HashMap<>();
    long maxTotal = 0;
    for (ExecutionEvent e : hops.exec()) {
      if (e.getPayload() instanceof Fill f) {
        long signed =
            f.getSide() == io.nqflow.common.v1.OrderSide.BUY ? f.getQuantity() : -f.getQuantity();
        position.merge(f.getInstrumentId(), signed, Long::sum);
        long total = position.values().stream().mapToLong(Math::abs).sum();
        maxTotal = Math.max(maxTotal, total);
      }
    }
    assertThat(maxTotal).isLessThanOrEqualTo(risk.maxTotalContracts());
    assertThat(summary.maxAbsPosition()).isLessThanOrEqualTo(risk.maxContractsPerPosition());
    // The day's realized loss stays within the daily loss limit.
    assertThat(summary.realizedPnlUsd()).isGreaterThanOrEqualTo(-risk.maxDailyLossUsd());
  }

  private static String randomKey() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
