package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.PaperBroker;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.RiskGateJob;
import io.nqflow.risk.RiskSettings;
import io.nqflow.runner.Main;
import io.nqflow.runner.ProfileOptions;
import io.nqflow.runner.SettingsMapper;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.FlinkMiniCluster;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import io.nqflow.testing.TopicClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk gate (on a MiniCluster) and the paper execution service on one broker, with the
 * limited-live limits: a second contract is never approved, and {@code nqflow control halt} cancels
 * the open entry and stops new orders.
 */
class LimitedLiveHaltITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final long MINUTE = 60_000_000_000L;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final long TUESDAY_10_CT =
      ZonedDateTime.of(2025, 3, 11, 10, 0, 0, 0, ZoneId.of("America/Chicago"))
              .toInstant()
              .getEpochSecond()
          * 1_000_000_000L;

  @TempDir Path tmp;

  @Test
  void neverMoreThanOneContractAndHaltCancelsTheOpenEntryAndStopsNewOrders() throws Exception {
    NqflowConfig cfg = limitedLive();
    RiskSettings risk = SettingsMapper.risk(cfg, "baseline");
    assertThat(risk.maxContractsPerPosition()).isEqualTo(1);
    String bootstrap = KAFKA.bootstrapServers();
    TopicClient kafka = KAFKA.client();
    ExecutionSettings exec =
        ExecutionSettings.builder()
            .broker(ExecutionSettings.BrokerKind.PAPER)
            .account(risk.account())
            .ledger("jdbc:h2:file:" + tmp.resolve("ledger").toAbsolutePath(), "sa", "")
            .kafkaBootstrap(bootstrap)
            .consumerGroup("itcase-execution")
            .build();
    JobSettings job =
        new JobSettings(
            bootstrap,
            1,
            Duration.ofMillis(500),
            DeliveryGuarantee.AT_LEAST_ONCE,
            true,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            false,
            "baseline");

    try (ExecutionService service = new ExecutionService(exec, PaperBroker.from(exec))) {
      service.start();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      Environments.configure(env, job);
      RiskGateJob.attach(env, job, risk);
      JobClient gate = env.executeAsync(RiskGateJob.jobName(job));
      try {
        awaitGateReadingSignals(kafka);
        // No book for these instruments: the paper entry stays working until cancelled.
        kafka.produce(Topics.FLOW_SIGNALS, List.of(Map.entry("NQH5", signal("s1", 7, 0))));
        String s1Order = Ids.clientOrderId("baseline", "s1");
        Poll.until(
            WAIT,
            "a decision on s1",
            () ->
                kafka.values(Topics.ORDERS_APPROVED).stream()
                        .anyMatch(o -> o.getSignalId().equals("s1"))
                    || kafka.values(Topics.ORDERS_REJECTED).stream()
                        .anyMatch(d -> d.getSignalId().equals("s1")));
        assertThat(kafka.values(Topics.ORDERS_REJECTED))
            .as("s1 is within every limit")
            .noneMatch(d -> d.getSignalId().equals("s1"));
        awaitExec(kafka, "entry of s1 accepted", e -> acceptedEntry(e, s1Order));

        kafka.produce(Topics.FLOW_SIGNALS, List.of(Map.entry("NQH5", signal("s2", 7, 5))));
        RiskDecision s2 = awaitDecision(kafka, "s2");
        assertThat(s2.getViolations())
            .extracting(RuleViolation::getRule)
            .as("a second contract in the same option")
            .contains("max_position");

        int rc =
            Main.execute(
                "control",
                "halt",
                "--reason",
                "itcase: stop trading",
                "--operator",
                "ops-bot",
                "--bootstrap-servers",
                bootstrap);
        assertThat(rc).isZero();
        ControlCommand halt =
            kafka.values(Topics.CONTROL).stream()
                .filter(c -> c.getReason().equals("itcase: stop trading"))
                .findFirst()
                .orElseThrow();
        OrderCancelled cancelled =
            (OrderCancelled)
                awaitExec(kafka, "HALT cancels the s1 entry", e -> cancelled(e, s1Order))
                    .getPayload();
        assertThat(cancelled.getReason()).contains("HALT").contains("ops-bot");
        Poll.until(
            WAIT,
            "the gate applies the HALT",
            () ->
                kafka.values(Topics.AUDIT).stream()
                    .anyMatch(
                        a ->
                            a.getEntityId().equals(halt.getCommandId())
                                && a.getStage().equals("risk-gate")));

        kafka.produce(Topics.FLOW_SIGNALS, List.of(Map.entry("NQH5", signal("s3", 8, 10))));
        RiskDecision s3 = awaitDecision(kafka, "s3");
        assertThat(s3.getViolations()).extracting(RuleViolation::getRule).contains("trading_state");
        service.awaitIdle(WAIT);

        List<OrderIntent> approved = kafka.values(Topics.ORDERS_APPROVED);
        assertThat(approved).extracting(OrderIntent::getSignalId).containsExactly("s1");
        assertThat(approved).allSatisfy(o -> assertThat(o.getQuantity()).isEqualTo(1));
        List<ExecutionEvent> events = kafka.values(Topics.EXEC_EVENTS);
        assertThat(events)
            .filteredOn(
                e -> e.getPayload() instanceof OrderAccepted a && a.getRole() == OrderRole.ENTRY)
            .extracting(e -> ((OrderAccepted) e.getPayload()).getClientOrderId())
            .containsExactly(s1Order);
        assertThat(events)
            .filteredOn(e -> e.getPayload() instanceof PositionSnapshot)
            .allSatisfy(
                e ->
                    assertThat(Math.abs(((PositionSnapshot) e.getPayload()).getQuantity()))
                        .isLessThanOrEqualTo(1));
        assertThat(service.stats().maxAbsPosition()).isLessThanOrEqualTo(1);
        assertThat(service.stats().ordersCancelled()).isEqualTo(1);
      } finally {
        gate.cancel().get();
      }
    }
  }

  /**
   * A live gate starts reading signals.flow at its end, so a signal written before its source is
   * positioned is never seen. Low-confidence probes (rejected, never orders) show when it reads.
   */
  private static void awaitGateReadingSignals(TopicClient kafka) {
    long[] next = {0};
    int[] n = {0};
    Poll.until(
        WAIT,
        "the gate deciding a probe signal",
        () -> {
          if (System.nanoTime() >= next[0]) {
            FlowSignal probe = signal("probe-" + n[0]++, 99, 0);
            probe.setConfidence(Confidence.LOW);
            kafka.produce(Topics.FLOW_SIGNALS, List.of(Map.entry("NQH5", probe)));
            next[0] = System.nanoTime() + 1_000_000_000L;
          }
          return kafka.values(Topics.ORDERS_REJECTED).stream()
              .anyMatch(d -> d.getSignalId().startsWith("probe-"));
        });
    assertThat(kafka.values(Topics.ORDERS_APPROVED)).isEmpty();
  }

  private static NqflowConfig limitedLive() {
    Map<String, String> env = new HashMap<>(System.getenv());
    for (String k :
        List.of(
            "TRADOVATE_USERNAME",
            "TRADOVATE_PASSWORD",
            "TRADOVATE_APP_ID",
            "TRADOVATE_CID",
            "TRADOVATE_SEC",
            "DATABENTO_API_KEY")) {
      // The broker is replaced by paper below; the profile only needs to load for its limits.
      env.put(k, k.endsWith("CID") ? "1" : "itcase-" + k.toLowerCase());
    }
    return ConfigLoader.load("limited-live", new ProfileOptions().configDir(), env);
  }

  private static boolean acceptedEntry(ExecutionEvent e, String coid) {
    return e.getPayload() instanceof OrderAccepted a
        && a.getRole() == OrderRole.ENTRY
        && a.getClientOrderId().equals(coid);
  }

  private static boolean cancelled(ExecutionEvent e, String coid) {
    return e.getPayload() instanceof OrderCancelled c && c.getClientOrderId().equals(coid);
  }

  private static ExecutionEvent awaitExec(
      TopicClient kafka, String what, java.util.function.Predicate<ExecutionEvent> p) {
    return Poll.untilPresent(
        WAIT,
        what,
        () -> kafka.values(Topics.EXEC_EVENTS).stream().filter(p).findFirst().orElse(null));
  }

  private static RiskDecision awaitDecision(TopicClient kafka, String signalId) {
    return Poll.untilPresent(
        WAIT,
        "rejection of " + signalId,
        () -> {
          Optional<OrderIntent> wrong =
              kafka.values(Topics.ORDERS_APPROVED).stream()
                  .filter(o -> o.getSignalId().equals(signalId))
                  .findFirst();
          assertThat(wrong).as("%s must not be approved", signalId).isEmpty();
          return kafka.values(Topics.ORDERS_REJECTED).stream()
              .filter(d -> d.getSignalId().equals(signalId))
              .findFirst()
              .orElse(null);
        });
  }

  private static FlowSignal signal(String id, long instrument, int minutesAfter) {
    long ts = TUESDAY_10_CT + minutesAfter * MINUTE;
    return FlowSignal.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm("ifd_v1_volume_ratio")
        .setAlgorithmVersion("1")
        .setJobVersion("itcase")
        .setInstrumentId(instrument)
        .setRawSymbol("NQH5 C21000-" + instrument)
        .setUnderlying("NQH5")
        .setUnderlyingPrice(20_950_000_000_000L)
        .setStrikePrice(21_000_000_000_000L)
        .setInstrumentClass(InstrumentClass.CALL)
        .setExpiration(ts + 2 * DAY)
        .setAggressor(Side.BID)
        .setDirection(Direction.BULLISH)
        .setConfidence(Confidence.HIGH)
        .setPriority(Priority.HIGH)
        .setScore(12.0)
        .setTsEvent(ts)
        .setTriggerSequence(1)
        .setTsEmit(ts)
        .setWindowStart(ts - MINUTE)
        .setContracts(500)
        .setPremiumUsd(150_000)
        .setReferencePrice(2_000_000_000L)
        .setRationale("itcase")
        .setAttributes(Map.of())
        .build();
  }
}
