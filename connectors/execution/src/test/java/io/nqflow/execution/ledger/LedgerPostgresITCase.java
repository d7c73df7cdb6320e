package io.nqflow.execution.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's migrations on a real PostgreSQL server, named by the environment variable {@code
 * NQFLOW_IT_POSTGRES_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/ledger?user=postgres});
 * skipped without it. The test empties the database's public schema first.
 */
class LedgerPostgresITCase {
  private static final String URL = System.getenv("NQFLOW_IT_POSTGRES_URL");

  @BeforeEach
  void emptySchema() throws SQLException {
    assumeTrue(URL != null && !URL.isBlank(), "NQFLOW_IT_POSTGRES_URL not set");
    try (Connection c = DriverManager.getConnection(URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  private static LedgerOrder order(String coid) {
    return new LedgerOrder(
        coid,
        null,
        OrderRole.ENTRY,
        "sig",
        "v1",
        "acct",
        1,
        "NQ",
        OrderSide.BUY,
        1,
        100,
        90L,
        110L,
        20.0,
        false,
        100L,
        5,
        OrderState.PENDING_NEW,
        null,
        0,
        null,
        1,
        1);
  }

  @Test
  void aFreshDatabaseGetsTheLedgerAtVersionOneAndReopensUnchanged() {
    try (Ledger l = Ledger.open(URL, null, null)) {
      assertThat(l.insertOrder(order("o1"), List.of(msg("a")))).isTrue();
      assertThat(l.insertOrder(order("o1"), List.of(msg("b")))).isFalse();
      l.transition("o1", OrderState.SENT, null, null, 2, List.of(), List.of());
      LedgerFill f = new LedgerFill("x1", "o1", "b1", 1, "NQ", OrderSide.BUY, 1, 100, 20.0, 1.0, 3);
      assertThat(l.recordFill(f, OrderState.FILLED, 3, List.of(msg("c")))).isTrue();
      assertThat(l.recordFill(f, OrderState.FILLED, 3, List.of(msg("d")))).isFalse();
    }
    assertThat(Ledger.schemaVersion(URL, null, null)).isEqualTo("1");

    try (Ledger l = Ledger.open(URL, null, null)) {
      assertThat(l.order("o1").orElseThrow().state()).isEqualTo(OrderState.FILLED);
      assertThat(l.fills()).hasSize(1);
      assertThat(l.outbox(10)).extracting(r -> new String(r.value())).containsExactly("a", "c");
    }
    assertThat(Ledger.schemaVersion(URL, null, null)).isEqualTo("1");
  }

  private static OutboxRecord msg(String v) {
    return new OutboxRecord(0, "exec.events", new byte[] {1}, v.getBytes());
  }
}
