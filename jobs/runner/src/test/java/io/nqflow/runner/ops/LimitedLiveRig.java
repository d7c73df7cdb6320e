package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.execution.ExecutionService;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.TickBand;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.risk.RiskGateJob;
import io.nqflow.risk.RiskSettings;
import io.nqflow.runner.Sections;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
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
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code limited-live} profile's risk gate on a Flink MiniCluster and a paper execution service
 * on one Kafka broker, with the inputs of a trading day (instrument definitions, market-by-order
 * books and trades on md.events, flow signals) and waits on what the two components report. Market
 * time is Tuesday 2025-03-11 from 10:00 Chicago, inside Globex hours.
 */
final class LimitedLiveRig implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;
  static final long DAY = 24 * 60 * MINUTE;
  static final String TRADING_DAY = "2025-03-11";
  static final long T0 =
      ZonedDateTime.of(2025, 3, 11, 10, 0, 0, 0, ZoneId.of("America/Chicago"))
              .toInstant()
              .getEpochSecond()
          * SECOND;

  final NqflowConfig cfg;
  final RiskSettings risk;
  final ExecutionSettings exec;
  final String bootstrap;
  final TopicClient kafka;
  final ExecutionService service;
  private final JobClient gate;
  private final Map<Topic<?, ?>, TopicTail<?>> tails = new HashMap<>();
  private long sequence;
  private int probes;

  private LimitedLiveRig(
      NqflowConfig cfg,
      RiskSettings risk,
      ExecutionSettings exec,
      String bootstrap,
      ExecutionService service,
      JobClient gate) {
    this.cfg = cfg;
    this.risk = risk;
    this.exec = exec;
    this.bootstrap = bootstrap;
    this.kafka = new TopicClient(bootstrap);
    this.service = service;
    this.gate = gate;
  }

  /**
   * Starts the gate and the paper execution service.
   *
   * @param feePerContractUsd fee the paper account pays per contract filled
   */
  static LimitedLiveRig start(KafkaExtension kafka, Path dir, double feePerContractUsd)
      throws Exception {
    NqflowConfig cfg = limitedLive();
    // The rig's market is NQ options only: it tests the profile's limits, so the signals are
    // executed in their own options (the profile's execute_in MICRO has its own rehearsal test).
    RiskSettings risk =
        cfg.section(RiskSettings.SECTION).withVariant("baseline").toBuilder()
            .executeIn(io.nqflow.risk.ExecuteIn.SAME)
            .build();
    String bootstrap = kafka.bootstrapServers();
    // The profile trades at Tradovate; here the paper broker fills against md.events. No
    // slippage on paper fills keeps every dollar figure of the tests exact.
    ExecutionSettings profileExec = cfg.section(ExecutionSettings.SECTION);
    ExecutionSettings exec =
        ExecutionSettings.builder()
            .broker(ExecutionSettings.BrokerKind.PAPER)
            .account(risk.account())
            .ledger("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "sa", "")
            .paperLatency(cfg.section(ExecutionSettings.SECTION).paperLatency())
            .paperSlippageTicks(0)
            .feePerContractUsd(feePerContractUsd)
            .reconcileInterval(cfg.section(ExecutionSettings.SECTION).reconcileInterval())
            .kafkaBootstrap(bootstrap)
            .consumerGroup("itcase-execution")
            // the profile's keys: only the gate's signed intents, only signed commands
            .requireSignedIntents(profileExec.requireSignedIntents())
            .signingKey(profileExec.signingKey().reveal(), profileExec.signingKeyId())
            .control(profileExec.control())
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
    // A gate that ran before resumes signals.flow and md.events at its committed offsets; commit
    // the topics' current ends for it so it reads everything the test writes from now on.
    commitEnds(bootstrap, "nqflow-risk-gate-baseline", Topics.FLOW_SIGNALS, Topics.MARKET_EVENTS);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, job);
    RiskGateJob.attach(env, job, risk);
    // The gate deploys while the service starts; it misses nothing thanks to the offsets above.
    JobClient gate = env.executeAsync(RiskGateJob.jobName(job));
    ExecutionService service = new ExecutionService(exec, PaperBroker.from(exec));
    try {
      service.start();
    } catch (RuntimeException | Error e) {
      gate.cancel().get();
      throw e;
    }
    return new LimitedLiveRig(cfg, risk, exec, bootstrap, service, gate);
  }

  @Override
  public void close() throws Exception {
    try {
      gate.cancel().get();
    } finally {
      service.close();
      tails.values().forEach(TopicTail::close);
    }
  }

  /** Every committed value of a topic so far (one consumer per topic follows it). */
  @SuppressWarnings("unchecked")
  <V extends SpecificRecord> List<V> values(Topic<?, V> topic) {
    return ((TopicTail<V>) tails.computeIfAbsent(topic, t -> new TopicTail<>(bootstrap, topic)))
        .values();
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
      // The broker is replaced by paper; the profile only needs to load for its limits.
      env.put(k, k.endsWith("CID") ? "1" : "itcase-" + k.toLowerCase());
    }
    // The gate's and the operators' keys: random for every run.
    env.put("NQFLOW_SIGNING_KEY", randomKey());
    env.put("NQFLOW_OPERATOR_KEY", randomKey());
    return ConfigLoader.load("limited-live", new ProfileOptions().configDir(), env, Sections.ALL);
  }

  static String randomKey() {
    byte[] b = new byte[24];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  /** The id of the profile's operator key. */
  String operatorKeyId() {
    return exec.control().operatorKeys().get(0).id();
  }

  /** Writes the profile's operator key to an owner-only file in {@code dir}, for --key-file. */
  Path operatorKeyFile(Path dir) throws java.io.IOException {
    return io.nqflow.core.files.OwnerOnly.writeString(
        dir.resolve("operator.key"), exec.control().operatorKeys().get(0).key().reveal());
  }

  private static void commitEnds(String bootstrap, String group, Topic<?, ?>... topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (Topic<?, ?> t : topics) {
        List<TopicPartition> parts =
            c.partitionsFor(t.name()).stream()
                .map(i -> new TopicPartition(t.name(), i.partition()))
                .toList();
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        c.endOffsets(parts).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
        c.commitSync(ends);
      }
    }
  }

  // ------------------------------------------------------------------------------- market data

  /** An NQ call definition for md.instruments (NQ options tick rules, $20 per point). */
  static Instrument instrument(long id, String symbol, double strike) {
    return Instrument.newBuilder()
        .setInstrumentId(id)
        .setPublisherId(1)
        .setSource("itcase")
        .setTsEvent(T0 - DAY)
        .setTsRecv(T0 - DAY)
        .setRawSymbol(symbol)
        .setAsset("NQ")
        .setSecurityType("OOF")
        .setInstrumentClass(InstrumentClass.CALL)
        .setStrikePrice(px(strike))
        .setExpiration(T0 + 2 * DAY)
        .setActivation(T0 - 30 * DAY)
        .setUnderlying("NQH5")
        .setUnderlyingId(1L)
        .setCurrency("USD")
        .setUnitOfMeasureQty(px(20))
        .setMinPriceIncrement(px(0.05))
        .setDisplayFactor(px(1))
        .setTickBands(List.of(new TickBand(0L, px(0.05)), new TickBand(px(5.0), px(0.25))))
        .build();
  }

  /** Writes instrument definitions to md.instruments. */
  void define(Instrument... instruments) {
    kafka.produce(
        Topics.INSTRUMENTS,
        java.util.Arrays.stream(instruments).map(i -> Map.entry(i.getInstrumentId(), i)).toList());
  }

  /** A market-by-order add: a resting order of {@code size} at {@code price}. */
  MarketEvent add(long instrument, long ts, Side side, long orderId, double price, long size) {
    return mbo(instrument, ts, Action.ADD, side, orderId, price, size);
  }

  /** A market-by-order cancel of {@code size} of a resting order. */
  MarketEvent cancel(long instrument, long ts, Side side, long orderId, double price, long size) {
    return mbo(instrument, ts, Action.CANCEL, side, orderId, price, size);
  }

  /** A trade print (the trades schema; the aggressor sold). */
  MarketEvent trade(long instrument, long ts, double price, long size) {
    return event(
        instrument,
        ts,
        Trade.newBuilder().setPrice(px(price)).setSize(size).setSide(Side.ASK).setDepth(0).build());
  }

  /** Writes market events to md.events in the order given. */
  void publish(MarketEvent... events) {
    kafka.produce(
        Topics.MARKET_EVENTS,
        java.util.Arrays.stream(events).map(e -> Map.entry(e.getInstrumentId(), e)).toList());
  }

  private MarketEvent mbo(
      long instrument, long ts, Action action, Side side, long orderId, double price, long size) {
    return event(
        instrument,
        ts,
        Mbo.newBuilder()
            .setOrderId(orderId)
            .setAction(action)
            .setSide(side)
            .setPrice(px(price))
            .setSize(size)
            .setChannelId(0)
            .build());
  }

  private MarketEvent event(long instrument, long ts, Object payload) {
    return MarketEvent.newBuilder()
        .setSource("itcase")
        .setInstrumentId(instrument)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts)
        .setSequence(++sequence)
        .setFlags(0)
        .setPayload(payload)
        .build();
  }

  /** Data spend of the feed on ops.costs, counted against the budget day {@code day}. */
  void cost(String id, String day, double usd) {
    CostEvent c =
        CostEvent.newBuilder()
            .setCostId(id)
            .setSource("databento-live")
            .setKind(CostKind.LIVE_SUBSCRIPTION)
            .setAmountUsd(usd)
            .setDataset("GLBX.MDP3")
            .setSchemaName("mbo")
            .setTs(T0)
            .setDay(day)
            .setDescription("itcase live subscription")
            .build();
    kafka.produce(Topics.COSTS, List.of(Map.entry(c.getSource(), c)));
  }

  // ------------------------------------------------------------------------------- signals

  /** A HIGH-confidence IFD signal on an NQH5 call; {@code aggressor} BID buys, ASK exits. */
  void signal(String id, long instrument, long ts, double reference, Side aggressor) {
    kafka.produce(
        Topics.FLOW_SIGNALS,
        List.of(
            Map.entry("NQH5", signalBuilder(id, instrument, ts, reference, aggressor).build())));
  }

  private static FlowSignal.Builder signalBuilder(
      String id, long instrument, long ts, double reference, Side aggressor) {
    return FlowSignal.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm("ifd_v1_volume_ratio")
        .setAlgorithmVersion("1")
        .setJobVersion("itcase")
        .setInstrumentId(instrument)
        .setRawSymbol("NQH5 C" + instrument)
        .setUnderlying("NQH5")
        .setUnderlyingPrice(px(20950))
        .setStrikePrice(px(21000))
        .setInstrumentClass(InstrumentClass.CALL)
        .setExpiration(T0 + 2 * DAY)
        .setAggressor(aggressor)
        .setDirection(aggressor == Side.BID ? Direction.BULLISH : Direction.BEARISH)
        .setConfidence(Confidence.HIGH)
        .setPriority(Priority.HIGH)
        .setScore(12.0)
        .setTsEvent(ts)
        .setTriggerSequence(1)
        .setTsEmit(ts)
        .setWindowStart(ts - MINUTE)
        .setContracts(500)
        .setPremiumUsd(150_000)
        .setReferencePrice(px(reference))
        .setRationale("itcase " + id)
        .setAttributes(Map.of());
  }

  /**
   * The gate's figures (variant, trading state, day P&amp;L, contracts open or pending, pending
   * orders, ...) once they satisfy {@code condition}. The gate reads executions and signals from
   * different topics, so a fill is known to it only once a later decision shows it: LOW-confidence
   * probes (always rejected, never orders) at market time {@code ts} are sent until the audit of
   * one shows the figures.
   */
  Map<String, String> awaitGate(String what, long ts, Predicate<Map<String, String>> condition) {
    int first = probes;
    long[] next = {0};
    return Poll.untilPresent(
        WAIT,
        "the gate's figures: " + what,
        () -> {
          if (System.nanoTime() >= next[0]) {
            FlowSignal probe =
                signalBuilder("probe-" + probes++, 99, ts, 2.00, Side.BID)
                    .setConfidence(Confidence.LOW)
                    .build();
            kafka.produce(Topics.FLOW_SIGNALS, List.of(Map.entry("NQH5", probe)));
            next[0] = System.nanoTime() + SECOND;
          }
          return values(Topics.AUDIT).stream()
              .filter(a -> a.getEntityType().equals("signal") && isProbe(a.getEntityId(), first))
              .map(AuditEvent::getDetails)
              .filter(condition)
              .findFirst()
              .orElse(null);
        });
  }

  private static boolean isProbe(String signalId, int from) {
    return signalId.startsWith("probe-")
        && Integer.parseInt(signalId.substring("probe-".length())) >= from;
  }

  // ------------------------------------------------------------------------------- outputs

  OrderIntent awaitApproved(String signalId) {
    return Poll.untilPresent(
        WAIT,
        "approval of " + signalId,
        () -> {
          Optional<RiskDecision> wrong =
              values(Topics.ORDERS_REJECTED).stream()
                  .filter(d -> d.getSignalId().equals(signalId))
                  .findFirst();
          assertThat(wrong).as("%s must not be rejected", signalId).isEmpty();
          return values(Topics.ORDERS_APPROVED).stream()
              .filter(o -> o.getSignalId().equals(signalId))
              .findFirst()
              .orElse(null);
        });
  }

  RiskDecision awaitRejected(String signalId) {
    return Poll.untilPresent(
        WAIT,
        "rejection of " + signalId,
        () -> {
          Optional<OrderIntent> wrong =
              values(Topics.ORDERS_APPROVED).stream()
                  .filter(o -> o.getSignalId().equals(signalId))
                  .findFirst();
          assertThat(wrong).as("%s must not be approved", signalId).isEmpty();
          return values(Topics.ORDERS_REJECTED).stream()
              .filter(d -> d.getSignalId().equals(signalId))
              .findFirst()
              .orElse(null);
        });
  }

  ExecutionEvent awaitExec(String what, Predicate<ExecutionEvent> p) {
    return Poll.untilPresent(
        WAIT, what, () -> values(Topics.EXEC_EVENTS).stream().filter(p).findFirst().orElse(null));
  }

  OrderAccepted awaitAccepted(String clientOrderId) {
    return (OrderAccepted)
        awaitExec(
                clientOrderId + " accepted",
                e ->
                    e.getPayload() instanceof OrderAccepted a
                        && a.getClientOrderId().equals(clientOrderId))
            .getPayload();
  }

  Fill awaitFill(String clientOrderId) {
    return (Fill)
        awaitExec(
                "a fill of " + clientOrderId,
                e -> e.getPayload() instanceof Fill f && f.getClientOrderId().equals(clientOrderId))
            .getPayload();
  }

  OrderCancelled awaitCancelled(String clientOrderId) {
    return (OrderCancelled)
        awaitExec(
                clientOrderId + " cancelled",
                e ->
                    e.getPayload() instanceof OrderCancelled c
                        && c.getClientOrderId().equals(clientOrderId))
            .getPayload();
  }

  /** The first control command matching {@code p}, once the topic's tail has read it. */
  ControlCommand awaitControl(String what, Predicate<ControlCommand> p) {
    return Poll.untilPresent(
        WAIT, what, () -> values(Topics.CONTROL).stream().filter(p).findFirst().orElse(null));
  }

  AuditEvent awaitAudit(String what, Predicate<AuditEvent> p) {
    return Poll.untilPresent(
        WAIT, what, () -> values(Topics.AUDIT).stream().filter(p).findFirst().orElse(null));
  }

  <T> List<T> payloads(Class<T> type) {
    return values(Topics.EXEC_EVENTS).stream()
        .map(ExecutionEvent::getPayload)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** Index points to 1e-9 fixed point. */
  static long px(double points) {
    return Math.round(points * 1e9);
  }
}
