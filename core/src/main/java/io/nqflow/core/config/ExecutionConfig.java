package io.nqflow.core.config;

import java.time.Duration;

/**
 * Execution service settings ({@code execution:}).
 *
 * @param broker where orders go
 * @param ledgerJdbcUrl JDBC URL of the execution ledger (unique client order ids)
 * @param ledgerUser ledger database user
 * @param ledgerPassword ledger database password (secret); may be absent for the local H2 file
 * @param paper paper broker simulation
 * @param tradovate Tradovate credentials, used when broker is TRADOVATE
 * @param reconcileInterval how often positions and orders are reconciled with the broker
 */
public record ExecutionConfig(
    BrokerKind broker,
    String ledgerJdbcUrl,
    @Nullable String ledgerUser,
    Secret ledgerPassword,
    PaperConfig paper,
    TradovateConfig tradovate,
    Duration reconcileInterval)
    implements Validating {

  public ExecutionConfig {
    ledgerPassword = ledgerPassword == null ? Secret.absent() : ledgerPassword;
  }

  public static ExecutionConfig defaults() {
    return new ExecutionConfig(
        BrokerKind.PAPER,
        "jdbc:h2:file:./outputs/ledger/ledger",
        "sa",
        Secret.absent(),
        PaperConfig.defaults(),
        TradovateConfig.defaults(),
        Duration.ofSeconds(30));
  }

  @Override
  public void validate(Checks c) {
    if (ledgerJdbcUrl != null) {
      c.require(
          ledgerJdbcUrl.startsWith("jdbc:") && ledgerJdbcUrl.length() > 5,
          "ledger_jdbc_url",
          "expected a JDBC URL starting with jdbc:, got \"" + ledgerJdbcUrl + "\"");
    }
    c.positive("reconcile_interval", reconcileInterval);
  }
}
