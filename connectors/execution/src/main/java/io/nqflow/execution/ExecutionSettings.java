package io.nqflow.execution;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of the execution service. The lead maps the typed YAML profile onto it;
 * secrets (ledger password, Tradovate password and API secret) are passed in from the environment
 * or a secret file and never printed by {@link #toString()}.
 *
 * @param broker which broker adapter trades
 * @param account trading account this service trades; intents for other accounts are skipped
 * @param ledgerUrl JDBC URL of the order ledger (H2 file by default, {@code jdbc:postgresql:...})
 * @param ledgerUser ledger user
 * @param ledgerPassword ledger password (secret)
 * @param paperLatency order arrival delay in market time for the paper broker
 * @param paperSlippageTicks adverse slippage of paper fills, in ticks
 * @param tickSize price tick, 1e-9 fixed point (NQ options: 0.25 points)
 * @param feePerContractUsd fee charged per contract filled, USD
 * @param reconcileInterval how often the ledger is reconciled with the broker while running
 * @param brokerPollInterval how often open orders are polled at a remote broker (the paper broker
 *     is polled after every batch of market events)
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param consumerGroup group id under which orders.approved offsets are committed
 * @param tradovate Tradovate connection; required when {@code broker} is TRADOVATE
 */
public record ExecutionSettings(
    BrokerKind broker,
    String account,
    String ledgerUrl,
    String ledgerUser,
    String ledgerPassword,
    Duration paperLatency,
    int paperSlippageTicks,
    long tickSize,
    double feePerContractUsd,
    Duration reconcileInterval,
    Duration brokerPollInterval,
    String kafkaBootstrap,
    String consumerGroup,
    Tradovate tradovate) {

  /** Broker adapters. */
  public enum BrokerKind {
    PAPER,
    TRADOVATE
  }

  /**
   * Tradovate REST connection and credentials ({@code POST /auth/accesstokenrequest} body).
   *
   * @param baseUrl API root including the version, e.g. {@code https://demo.tradovateapi.com/v1}
   * @param name user name
   * @param password user password (secret)
   * @param appId registered application id
   * @param appVersion application version
   * @param cid API key client id
   * @param sec API key secret (secret)
   * @param accountSpec account name to trade (as {@code /account/list} reports it)
   * @param renewBefore renew the access token this long before it expires
   * @param requestTimeout timeout of each HTTP request
   */
  public record Tradovate(
      URI baseUrl,
      String name,
      String password,
      String appId,
      String appVersion,
      long cid,
      String sec,
      String accountSpec,
      Duration renewBefore,
      Duration requestTimeout) {
    public Tradovate {
      Objects.requireNonNull(baseUrl, "tradovate.baseUrl");
      Objects.requireNonNull(name, "tradovate.name");
      Objects.requireNonNull(password, "tradovate.password");
      Objects.requireNonNull(appId, "tradovate.appId");
      Objects.requireNonNull(appVersion, "tradovate.appVersion");
      Objects.requireNonNull(sec, "tradovate.sec");
      Objects.requireNonNull(accountSpec, "tradovate.accountSpec");
      renewBefore = renewBefore == null ? Duration.ofMinutes(15) : renewBefore;
      requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
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
    if (tickSize <= 0) {
      errors.add("tickSize must be > 0 (1e-9 units), got " + tickSize);
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
    if (consumerGroup == null || consumerGroup.isBlank()) {
      errors.add("consumerGroup is required");
    }
    if (broker == BrokerKind.TRADOVATE && tradovate == null) {
      errors.add("tradovate settings are required when broker is TRADOVATE");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid execution settings: " + String.join("; ", errors));
    }
  }

  /** A builder with the defaults of a paper profile. */
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
        + ", tickSize="
        + tickSize
        + ", feePerContractUsd="
        + feePerContractUsd
        + ", reconcileInterval="
        + reconcileInterval
        + ", brokerPollInterval="
        + brokerPollInterval
        + ", kafkaBootstrap="
        + kafkaBootstrap
        + ", consumerGroup="
        + consumerGroup
        + ", tradovate="
        + tradovate
        + "]";
  }

  /** Builds {@link ExecutionSettings} with paper defaults. */
  public static final class Builder {
    private BrokerKind broker = BrokerKind.PAPER;
    private String account = "paper";
    private String ledgerUrl = "jdbc:h2:file:./data/execution-ledger";
    private String ledgerUser = "sa";
    private String ledgerPassword = "";
    private Duration paperLatency = Duration.ofMillis(5);
    private int paperSlippageTicks = 0;
    private long tickSize = 250_000_000L;
    private double feePerContractUsd = 0.0;
    private Duration reconcileInterval = Duration.ofSeconds(30);
    private Duration brokerPollInterval = Duration.ofMillis(500);
    private String kafkaBootstrap;
    private String consumerGroup;
    private Tradovate tradovate;

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

    public Builder tickSize(long v) {
      tickSize = v;
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

    public Builder consumerGroup(String v) {
      consumerGroup = v;
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
          tickSize,
          feePerContractUsd,
          reconcileInterval,
          brokerPollInterval,
          kafkaBootstrap,
          consumerGroup != null ? consumerGroup : "nqflow-execution-" + account,
          tradovate);
    }
  }
}
