package io.nqflow.execution.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.OrderRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's schema comes from versioned migrations that run when it opens. */
class LedgerMigrationTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("ledger");
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

  /** Versioned rows of the migration history (not the row marking its creation). */
  private List<String> history() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url(), "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\""
                    + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
      }
    }
    return out;
  }

  private static String v1() throws IOException {
    try (InputStream in =
        LedgerMigrationTest.class.getResourceAsStream("/db/ledger/V1__ledger.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFreshLedgerGetsTheSchemaAtVersionOne() throws SQLException {
    try (Ledger l = Ledger.open(url(), "sa", "")) {
      assertThat(l.insertOrder(order("o1"), List.of())).isTrue();
    }

    assertThat(Ledger.schemaVersion(url(), "sa", "")).isEqualTo("1");
    assertThat(history()).containsExactly("1 SQL true");
  }

  @Test
  void openingAnExistingLedgerAgainChangesNothing() throws SQLException {
    try (Ledger l = Ledger.open(url(), "sa", "")) {
      l.insertOrder(order("o1"), List.of());
    }
    List<String> before = history();

    try (Ledger l = Ledger.open(url(), "sa", "")) {
      assertThat(l.orders()).extracting(LedgerOrder::clientOrderId).containsExactly("o1");
    }

    assertThat(history()).isEqualTo(before).containsExactly("1 SQL true");
  }

  @Test
  void aLedgerCreatedBeforeMigrationsIsBaselinedAtVersionOneAndKeepsItsRows()
      throws SQLException, IOException {
    // The tables as the ledger made them before migrations existed, with one order in them.
    try (Connection c = DriverManager.getConnection(url(), "sa", "");
        Statement s = c.createStatement()) {
      for (String ddl : v1().replaceAll("(?m)^--.*$", "").split(";")) {
        if (!ddl.isBlank()) {
          s.execute(ddl);
        }
      }
    }
    try (Ledger l = Ledger.open(url(), "sa", "")) {
      l.insertOrder(order("o1"), List.of());
    }

    try (Ledger l = Ledger.open(url(), "sa", "")) {
      assertThat(l.orders()).extracting(LedgerOrder::clientOrderId).containsExactly("o1");
    }

    assertThat(history()).containsExactly("1 BASELINE true");
    assertThat(Ledger.schemaVersion(url(), "sa", "")).isEqualTo("1");
  }

  @Test
  void theMigrationsAlsoRunInPostgresqlCompatibilityMode() {
    // A stand-in for PostgreSQL: H2 parsing as PostgreSQL does, with lower-case names.
    String pg = "jdbc:h2:mem:pg;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    try (Ledger l = Ledger.open(pg, "sa", "")) {
      assertThat(l.insertOrder(order("o1"), List.of())).isTrue();
      assertThat(l.insertOrder(order("o1"), List.of())).isFalse();
      assertThat(l.orders()).hasSize(1);
    }
  }
}
