package io.nqflow.execution;

import io.nqflow.core.config.Checks;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.ControlConfig;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.Nullable;
import io.nqflow.core.config.RuntimeOnly;
import io.nqflow.core.config.Secret;
import io.nqflow.core.config.SecretValue;
import io.nqflow.core.config.Validating;
import io.nqflow.core.security.ControlGuard;
import io.nqflow.core.security.IntentSigner;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable settings of the execution service: the {@code execution:} section of a profile. Each
 * component declares its profile key, unit and description ({@link Doc}); secrets (ledger password,
 * Tradovate password and API secret) come only from the environment or a secret file and are never
 * printed by {@link #toString()}.
 */
public record ExecutionSettings(
    @Doc("Broker adapter that trades: PAPER or TRADOVATE") BrokerKind broker,
    @Key("/risk.account") String account,
    @Key("ledger_jdbc_url") @Doc("JDBC URL of the order ledger (H2 file, or jdbc:postgresql://...)")
        String ledgerUrl,
    @Nullable @Doc("Ledger database user") String ledgerUser,
    @SecretValue @Nullable @Doc("Ledger database password (${ENV} or ${file:...} only)")
        String ledgerPassword,
    @Key("paper.latency")
        @Doc(value = "Order arrival delay in market time for the paper broker", unit = "duration")
        Duration paperLatency,
    @Key("paper.slippage_ticks") @Doc(value = "Adverse slippage of paper fills", unit = "ticks")
        int paperSlippageTicks,
    @Key("paper.clock")
        @Doc(
            "Clock of the paper broker. EVENT: an order becomes active at its signal's event time"
                + " (ts_signal) plus paper.latency and fills against the market events that follow"
                + " in event time, whatever the replay speed; the market is held until the run"
                + " declares the end of its input, so only nqflow local (recorded or simulated"
                + " input) can use it. ARRIVAL: an order becomes active at the market time it"
                + " reaches the broker plus paper.latency (live paper trading). AUTO: EVENT in"
                + " nqflow local, ARRIVAL in a service on its own")
        PaperClock paperClock,
    @Doc(value = "Fee charged per contract filled", unit = "USD") double feePerContractUsd,
    @Doc(
            value = "How often the ledger is reconciled with the broker while running",
            unit = "duration")
        Duration reconcileInterval,
    @Doc(
            value =
                "How often open orders are polled at a remote broker (the paper broker is polled"
                    + " after every batch of market events)",
            unit = "duration")
        Duration brokerPollInterval,
    @Key("/kafka.bootstrap_servers") String kafkaBootstrap,
    @Key("/kafka.security") KafkaSecurity kafkaSecurity,
    @Key("/kafka.client_id_prefix") String clientIdPrefix,
    @RuntimeOnly String consumerGroup,
    @Doc(
            "Refuse to start without execution.signing_key: every intent must then be signed by"
                + " the risk gate")
        boolean requireSignedIntents,
    @Doc(
            "Key that verifies the risk gate's intent signatures (and its automatic HALT), the"
                + " same as risk.signing_key (${ENV} or ${file:...} only); when set, unsigned,"
                + " unknown-key or tampered intents are refused")
        Secret signingKey,
    @Nullable @Doc("Id of execution.signing_key; intents must carry it as key_id")
        String signingKeyId,
    @Key("/control") ControlConfig control,
    Tradovate tradovate)
    implements Validating {

  /** A live broker needs every credential; a paper profile may leave them unresolved. */
  @Override
  public void validate(Checks c) {
    if (requireSignedIntents) {
      c.requireSecret("signing_key", signingKey, "execution.require_signed_intents");
    }
    if (broker == BrokerKind.TRADOVATE && tradovate != null) {
      for (String key : tradovate.missing()) {
        boolean secret = key.equals("password") || key.equals("sec");
        c.at("tradovate")
            .error(
                key,
                "required by execution.broker TRADOVATE"
                    + (secret ? " (a secret: set it with ${ENV_VAR} or ${file:/path})" : ""));
      }
    }
  }

  /**
   * The verifier of the risk gate's signatures, or null when no signing key is configured (then
   * every intent is accepted unsigned).
   */
  public IntentSigner intentVerifier() {
    return signingKey.isPresent() ? new IntentSigner(signingKey.reveal(), signingKeyId) : null;
  }

  /**
   * The guard of ops.control commands: the operator keys of {@code control:}, and the risk gate's
   * key ({@code signing_key}) for its automatic HALT.
   *
   * @throws IllegalStateException when an operator key's secret had no value at load time (the
   *     message names the variable) or the keys contradict each other
   */
  public ControlGuard controlGuard() {
    try {
      return ControlGuard.of(
          control, signingKey.isPresent() ? signingKey.reveal() : null, signingKeyId);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * A copy that verifies control commands as {@code value} says (operator keys, require_signed).
   */
  public ExecutionSettings withControl(ControlConfig value) {
    return toBuilder().control(value).build();
  }

  /** A copy that verifies intents with {@code key} named {@code keyId} (a local run's own key). */
  public ExecutionSettings withSigningKey(String key, String keyId) {
    return toBuilder().signingKey(key, keyId).build();
  }

  /** The {@code execution:} section of a profile. */
  public static final ConfigSection<ExecutionSettings> SECTION =
      ConfigSection.of("execution", ExecutionSettings.class, ExecutionSettings::defaults);

  /** The paper defaults every profile starts from. */
  public static ExecutionSettings defaults() {
    return builder().build();
  }

  /**
   * Group id under which orders.approved offsets are committed: {@code
   * <kafka.client_id_prefix>-execution-<account>} unless set explicitly.
   */
  @Override
  public String consumerGroup() {
    return consumerGroup != null ? consumerGroup : clientIdPrefix + "-execution-" + account;
  }

  /** The JDBC URL of an H2 ledger file (without its .mv.db extension), e.g. a local run's own. */
  public static String h2LedgerUrl(java.nio.file.Path file) {
    return "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=FALSE";
  }

  /**
   * The brokers and TLS/SASL settings of the service's Kafka clients; their properties come from
   * {@link KafkaConfig#clientProperties()}.
   */
  public KafkaConfig kafka() {
    return KafkaConfig.plaintext(kafkaBootstrap).withSecurity(kafkaSecurity);
  }

  /** A copy whose Kafka clients use {@code security} (TLS/SASL). */
  public ExecutionSettings withKafkaSecurity(KafkaSecurity security) {
    return toBuilder().kafkaSecurity(security).build();
  }

  /** A copy that reads and writes Kafka at {@code bootstrap} (an embedded broker's address). */
  public ExecutionSettings withKafkaBootstrap(String bootstrap) {
    return toBuilder().kafkaBootstrap(bootstrap).build();
  }

  /** A copy that uses another ledger (a local run's own file). */
  public ExecutionSettings withLedgerUrl(String url) {
    return toBuilder().ledger(url, ledgerUser, ledgerPassword).build();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.broker = broker;
    b.account = account;
    b.ledgerUrl = ledgerUrl;
    b.ledgerUser = ledgerUser;
    b.ledgerPassword = ledgerPassword;
    b.paperLatency = paperLatency;
    b.paperSlippageTicks = paperSlippageTicks;
    b.paperClock = paperClock;
    b.feePerContractUsd = feePerContractUsd;
    b.reconcileInterval = reconcileInterval;
    b.brokerPollInterval = brokerPollInterval;
    b.kafkaBootstrap = kafkaBootstrap;
    b.kafkaSecurity = kafkaSecurity;
    b.clientIdPrefix = clientIdPrefix;
    b.consumerGroup = consumerGroup;
    b.requireSignedIntents = requireSignedIntents;
    b.signingKey = signingKey;
    b.signingKeyId = signingKeyId;
    b.control = control;
    b.tradovate = tradovate;
    return b;
  }

  /** Clock of the paper broker ({@code execution.paper.clock}). */
  public enum PaperClock {
    /** EVENT in a run that replays recorded or simulated input, ARRIVAL otherwise. */
    AUTO,
    /** Orders become active at ts_signal + latency and fill in event time. */
    EVENT,
    /** Orders become active at the market time they arrive + latency (wall-clock behaviour). */
    ARRIVAL
  }

  /**
   * A copy whose AUTO paper clock is resolved: EVENT when the run replays recorded or simulated
   * input and declares its end ({@code replay}), ARRIVAL otherwise. An explicit clock is kept.
   */
  public ExecutionSettings resolvePaperClock(boolean replay) {
    if (paperClock != PaperClock.AUTO) {
      return this;
    }
    return toBuilder().paperClock(replay ? PaperClock.EVENT : PaperClock.ARRIVAL).build();
  }

  /** Whether the paper broker fills in event time (EVENT; AUTO counts as ARRIVAL here). */
  public boolean eventClock() {
    return broker == BrokerKind.PAPER && paperClock == PaperClock.EVENT;
  }

  /** Broker adapters. */
  public enum BrokerKind {
    PAPER,
    TRADOVATE
  }

  /**
   * Tradovate REST connection and credentials ({@code execution.tradovate:}, the {@code POST
   * /auth/accesstokenrequest} body); required only when the broker is TRADOVATE.
   */
  public record Tradovate(
      @Doc("API root including the version, e.g. https://demo.tradovateapi.com/v1") URI baseUrl,
      @Key("username") @Nullable @Doc("User name") String name,
      @SecretValue @Nullable @Doc("User password (${ENV} or ${file:...} only)") String password,
      @Nullable @Doc("Registered application id") String appId,
      @Doc("Application version sent at login") String appVersion,
      @Doc("API key client id") long cid,
      @SecretValue @Nullable @Doc("API key secret (${ENV} or ${file:...} only)") String sec,
      @Key("/risk.account") String accountSpec,
      @Doc(value = "Renew the access token this long before it expires", unit = "duration")
          Duration renewBefore,
      @Doc(value = "Timeout of each HTTP request", unit = "duration") Duration requestTimeout) {
    public Tradovate {
      renewBefore = renewBefore == null ? Duration.ofMinutes(15) : renewBefore;
      requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    /** The demo environment, no credentials: what a profile without a Tradovate account has. */
    public static Tradovate defaults() {
      return new Tradovate(
          URI.create("https://demo.tradovateapi.com/v1"),
          null,
          null,
          null,
          "1.0",
          0,
          null,
          "paper",
          Duration.ofMinutes(15),
          Duration.ofSeconds(10));
    }

    /** Every credential a login needs, named by its profile key, that is missing. */
    List<String> missing() {
      List<String> out = new ArrayList<>();
      if (name == null) {
        out.add("username");
      }
      if (password == null) {
        out.add("password");
      }
      if (appId == null) {
        out.add("app_id");
      }
      if (cid <= 0) {
        out.add("cid");
      }
      if (sec == null) {
        out.add("sec");
      }
      return out;
    }

    @Override
    public String toString() {
      return "Tradovate[baseUrl="
          + baseUrl
          + ", name="
          + name
          + ", password=***, appId="
          + appId
          + ", appVersion="
          + appVersion
          + ", cid="
          + cid
          + ", sec=***, accountSpec="
          + accountSpec
          + "]";
    }
  }

  /** Checks every field and reports all violations at once. */
  public ExecutionSettings {
    List<String> errors = new ArrayList<>();
    if (broker == null) {
      errors.add("broker is required (PAPER or TRADOVATE)");
    }
    if (account == null || account.isBlank()) {
      errors.add("account is required");
    }
    if (ledgerUrl == null || !ledgerUrl.startsWith("jdbc:")) {
      errors.add("ledgerUrl must be a JDBC URL, got " + ledgerUrl);
    }
    if (paperLatency == null || paperLatency.isNegative()) {
      errors.add("paperLatency must be >= 0, got " + paperLatency);
    }
    if (paperSlippageTicks < 0) {
      errors.add("paperSlippageTicks must be >= 0, got " + paperSlippageTicks);
    }
    paperClock = paperClock == null ? PaperClock.AUTO : paperClock;
    if (broker == BrokerKind.TRADOVATE && paperClock == PaperClock.EVENT) {
      errors.add("paper.clock EVENT applies to the PAPER broker only; broker is TRADOVATE");
    }
    if (feePerContractUsd < 0) {
      errors.add("feePerContractUsd must be >= 0, got " + feePerContractUsd);
    }
    if (reconcileInterval == null || reconcileInterval.isZero() || reconcileInterval.isNegative()) {
      errors.add("reconcileInterval must be > 0, got " + reconcileInterval);
    }
    if (brokerPollInterval == null || brokerPollInterval.isNegative()) {
      errors.add("brokerPollInterval must be >= 0, got " + brokerPollInterval);
    }
    if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
      errors.add("kafkaBootstrap is required");
    }
    kafkaSecurity = kafkaSecurity == null ? KafkaSecurity.plaintext() : kafkaSecurity;
    if (consumerGroup != null && consumerGroup.isBlank()) {
      errors.add("consumerGroup must not be blank");
    }
    if (consumerGroup == null && (clientIdPrefix == null || clientIdPrefix.isBlank())) {
      errors.add("kafka.client_id_prefix is required");
    }
    signingKeyId = signingKeyId == null ? "default" : signingKeyId;
    signingKey = signingKey == null ? Secret.absent() : signingKey;
    if (signingKey.isPresent() && signingKey.reveal().length() < IntentSigner.MIN_KEY_LENGTH) {
      errors.add("signing_key must have at least " + IntentSigner.MIN_KEY_LENGTH + " characters");
    }
    if (signingKeyId.isBlank()) {
      errors.add("signing_key_id must not be blank");
    }
    control = control == null ? ControlConfig.defaults() : control;
    if (broker == BrokerKind.TRADOVATE && tradovate == null) {
      errors.add("tradovate settings are required when broker is TRADOVATE");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid execution settings: " + String.join("; ", errors));
    }
  }

  /** A builder that starts from {@link #defaults()} (the builder's initial values are them). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "ExecutionSettings[broker="
        + broker
        + ", account="
        + account
        + ", ledgerUrl="
        + ledgerUrl
        + ", ledgerUser="
        + ledgerUser
        + ", ledgerPassword=***, paperLatency="
        + paperLatency
        + ", paperSlippageTicks="
        + paperSlippageTicks
        + ", paperClock="
        + paperClock
        + ", feePerContractUsd="
        + feePerContractUsd
        + ", reconcileInterval="
        + reconcileInterval
        + ", brokerPollInterval="
        + brokerPollInterval
        + ", kafkaBootstrap="
        + kafkaBootstrap
        + ", kafkaSecurity="
        + kafkaSecurity
        + ", consumerGroup="
        + consumerGroup()
        + ", requireSignedIntents="
        + requireSignedIntents
        + ", signingKey="
        + signingKey
        + ", signingKeyId="
        + signingKeyId
        + ", control="
        + control
        + ", tradovate="
        + tradovate
        + "]";
  }

  /**
   * Builds {@link ExecutionSettings}; its initial values are the defaults every profile starts
   * from.
   */
  public static final class Builder {
    private BrokerKind broker = BrokerKind.PAPER;
    private String account = "paper";
    private String ledgerUrl = "jdbc:h2:file:./outputs/ledger/ledger";
    private String ledgerUser = "sa";
    private String ledgerPassword = null;
    private Duration paperLatency = Duration.ofMillis(5);
    private int paperSlippageTicks = 1;
    private PaperClock paperClock = PaperClock.AUTO;
    private double feePerContractUsd = 0.0;
    private Duration reconcileInterval = Duration.ofSeconds(30);
    private Duration brokerPollInterval = Duration.ofMillis(500);
    private String kafkaBootstrap = KafkaConfig.defaults().bootstrapServers();
    private KafkaSecurity kafkaSecurity = KafkaSecurity.plaintext();
    private String clientIdPrefix = KafkaConfig.defaults().clientIdPrefix();
    private String consumerGroup;
    private boolean requireSignedIntents = false;
    private Secret signingKey = Secret.absent();
    private String signingKeyId = "default";
    private ControlConfig control = ControlConfig.defaults();
    private Tradovate tradovate = Tradovate.defaults();

    private Builder() {}

    public Builder broker(BrokerKind v) {
      broker = v;
      return this;
    }

    public Builder account(String v) {
      account = v;
      return this;
    }

    public Builder ledger(String url, String user, String password) {
      ledgerUrl = url;
      ledgerUser = user;
      ledgerPassword = password;
      return this;
    }

    public Builder paperLatency(Duration v) {
      paperLatency = v;
      return this;
    }

    public Builder paperSlippageTicks(int v) {
      paperSlippageTicks = v;
      return this;
    }

    public Builder paperClock(PaperClock v) {
      paperClock = v;
      return this;
    }

    public Builder feePerContractUsd(double v) {
      feePerContractUsd = v;
      return this;
    }

    public Builder reconcileInterval(Duration v) {
      reconcileInterval = v;
      return this;
    }

    public Builder brokerPollInterval(Duration v) {
      brokerPollInterval = v;
      return this;
    }

    public Builder kafkaBootstrap(String v) {
      kafkaBootstrap = v;
      return this;
    }

    public Builder kafkaSecurity(KafkaSecurity v) {
      kafkaSecurity = v;
      return this;
    }

    public Builder clientIdPrefix(String v) {
      clientIdPrefix = v;
      return this;
    }

    public Builder consumerGroup(String v) {
      consumerGroup = v;
      return this;
    }

    public Builder requireSignedIntents(boolean v) {
      requireSignedIntents = v;
      return this;
    }

    /** The key (null: none) that verifies intent signatures, and its id. */
    public Builder signingKey(String key, String keyId) {
      signingKey = Secret.of(key);
      signingKeyId = keyId;
      return this;
    }

    /** Operator keys and control.require_signed. */
    public Builder control(ControlConfig v) {
      control = v;
      return this;
    }

    public Builder tradovate(Tradovate v) {
      tradovate = v;
      return this;
    }

    public ExecutionSettings build() {
      return new ExecutionSettings(
          broker,
          account,
          ledgerUrl,
          ledgerUser,
          ledgerPassword,
          paperLatency,
          paperSlippageTicks,
          paperClock,
          feePerContractUsd,
          reconcileInterval,
          brokerPollInterval,
          kafkaBootstrap,
          kafkaSecurity,
          clientIdPrefix,
          consumerGroup,
          requireSignedIntents,
          signingKey,
          signingKeyId,
          control,
          tradovate);
    }
  }
}
