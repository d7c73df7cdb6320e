package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OrderState;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nqflow execution} on a real broker: a clean stop, and a refusal that says why. */
class ExecutionCliITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli(ExecutionCli cmd) {
    CommandLine cli = new CommandLine(cmd);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  @Test
  void runsUntilAskedToStopThenClosesTheLedgerAndExitsZero() throws Exception {
    Path ledger = tmp.resolve("ledger");
    ExecutionCli cmd = new ExecutionCli();
    CommandLine cli = cli(cmd);

    CompletableFuture<Integer> rc =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "--profile",
                    "local",
                    "--bootstrap-servers",
                    KAFKA.bootstrapServers(),
                    "--ledger",
                    ledger.toString()));
    Poll.until(Duration.ofSeconds(60), "service running", () -> cmd.running() || rc.isDone());
    assertThat(rc).as("still running: %s", err).isNotDone();
    cmd.requestStop();

    assertThat(rc.get()).as(err.toString()).isZero();
    assertThat(out.toString()).contains("execution service running").contains("stopped cleanly");
    // Closed cleanly: the embedded ledger opens again (its file lock was released).
    ExecutionSettings s = settings(ledger);
    try (Ledger reopened = Ledger.open(s.ledgerUrl(), s.ledgerUser(), s.ledgerPassword())) {
      assertThat(reopened.orders()).isEmpty();
    }
  }

  @Test
  void refusesToTradeAndSaysWhyWhenTheLedgerHasAnOrderTheBrokerDoesNotKnow() {
    Path ledger = tmp.resolve("ledger");
    ExecutionSettings s = settings(ledger);
    try (Ledger l = Ledger.open(s.ledgerUrl(), s.ledgerUser(), s.ledgerPassword())) {
      l.insertOrder(openOrder(s.account()), List.of());
    }

    int rc =
        cli(new ExecutionCli())
            .execute(
                "--profile",
                "local",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--ledger",
                ledger.toString());

    assertThat(rc).isEqualTo(ExecutionCli.EXIT_REFUSED);
    assertThat(err.toString())
        .contains("REFUSING TO TRADE")
        .contains("ord-lost-1")
        .contains("unknown to paper");
    assertThat(out.toString()).doesNotContain("execution service running");
  }

  private static ExecutionSettings settings(Path ledger) {
    NqflowConfig cfg = Sections.load(new ProfileOptions("local"));
    return cfg.section(ExecutionSettings.SECTION)
        .withKafkaBootstrap(KAFKA.bootstrapServers())
        .withLedgerUrl(ExecutionSettings.h2LedgerUrl(ledger));
  }

  private static LedgerOrder openOrder(String account) {
    long now = 1_700_000_000_000_000_000L;
    return new LedgerOrder(
        "ord-lost-1",
        null,
        OrderRole.ENTRY,
        "sig-lost-1",
        "v1",
        account,
        42L,
        "NQZ6 C21000",
        OrderSide.BUY,
        1,
        25_000_000_000L,
        20_000_000_000L,
        35_000_000_000L,
        20.0,
        false,
        25_000_000_000L,
        now,
        OrderState.ACCEPTED,
        "paper-999",
        0,
        null,
        now,
        now);
  }
}
