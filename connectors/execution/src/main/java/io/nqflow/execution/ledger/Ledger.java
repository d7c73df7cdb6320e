package io.nqflow.execution.ledger;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.exec.v1.OrderRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order ledger over JDBC (H2 embedded file database by default, PostgreSQL by URL): orders
 * keyed by unique client order id, fills keyed by unique execution id, and an outbox of messages
 * written in the same transaction as the change they report. Every method is one transaction.
 */
public final class Ledger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Where the schema migrations live: {@code V<n>__<what>.sql}, SQL valid for H2 and PostgreSQL.
   */
  public static final String MIGRATIONS = "classpath:db/ledger";

  /** The schema version a ledger created before migrations has: its tables are V1's. */
  private static final String PRE_MIGRATION_VERSION = "1";

  private static final String ORDER_COLUMNS =
      "client_order_id, parent_client_order_id, role, signal_id, variant, account, instrument_id,"
          + " symbol, side, quantity, price, stop_loss_price, profit_target_price, multiplier_usd,"
          + " reduce_only, signal_price, ts_signal, state, broker_order_id, filled_quantity, reason,"
          + " created_ns, updated_ns";

  private final String url;
  private final Connection connection;

  private Ledger(String url, Connection connection) {
    this.url = url;
    this.connection = connection;
  }

  /**
   * The database file of an embedded H2 URL ({@code jdbc:h2:file:PATH}, {@code jdbc:h2:PATH},
   * {@code ~} for the home folder), without H2's {@code .mv.db} extension; empty for in-memory,
   * server and other databases.
   */
  static Optional<Path> h2File(String url) {
    if (url == null || !url.startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    if (semi >= 0) {
      rest = rest.substring(0, semi);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (rest.startsWith("mem:")
        || rest.startsWith("tcp:")
        || rest.startsWith("ssl:")
        || rest.startsWith("zip:")
        || rest.contains("://")) {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    if (rest.equals("~") || rest.startsWith("~/")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    return Optional.of(Path.of(rest).toAbsolutePath().normalize());
  }

  /**
   * Opens the ledger at a JDBC URL, creating it or migrating its schema to the newest version
   * first.
   */
  public static Ledger open(String url, String user, String password) {
    Connection c = null;
    try {
      // H2 creates its files with the process' default mode: its folder is made owner-only first,
      // so nothing in it is readable by other users, then the database file itself.
      Optional<Path> file = h2File(url);
      if (file.isPresent() && file.get().getParent() != null) {
        OwnerOnly.createDirectories(file.get().getParent());
      }
      // Connected before migrating so that an in-memory database lives on between the two.
      c = DriverManager.getConnection(url, user, password);
      migrate(c, url, user, password);
      if (file.isPresent()) {
        Path db = file.get().resolveSibling(file.get().getFileName() + ".mv.db");
        if (Files.exists(db)) {
          OwnerOnly.restrict(db);
        }
      }
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      return new Ledger(url, c);
    } catch (SQLException | FlywayException | IOException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException s) {
          e.addSuppressed(s);
        }
      }
      throw new LedgerException("cannot open ledger " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Applies the migrations the ledger does not have yet. A ledger written before migrations (its
   * tables but no history) is recorded as being at version 1 rather than created again; a schema
   * that holds other tables but no ledger gets every migration.
   */
  private static void migrate(Connection c, String url, String user, String password)
      throws SQLException {
    MigrateResult r =
        Flyway.configure()
            .dataSource(url, user, password)
            .locations(MIGRATIONS)
            .baselineOnMigrate(true)
            .baselineVersion(hasTable(c, "exec_orders") ? PRE_MIGRATION_VERSION : "0")
            .baselineDescription("ledger created before migrations")
            .load()
            .migrate();
    if (r.migrationsExecuted > 0) {
      LOG.info(
          "ledger {} migrated from version {} to {}",
          url,
          r.initialSchemaVersion,
          r.targetSchemaVersion);
    }
  }

  private static boolean hasTable(Connection c, String name) throws SQLException {
    // H2 folds unquoted names to upper case, PostgreSQL to lower case.
    for (String n : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
      try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), n, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The ledger's schema version, as the migration history records it. */
  public static String schemaVersion(String url, String user, String password) {
    try {
      var current =
          Flyway.configure()
              .dataSource(url, user, password)
              .locations(MIGRATIONS)
              .load()
              .info()
              .current();
      return current == null ? null : current.getVersion().getVersion();
    } catch (FlywayException e) {
      throw new LedgerException(
          "cannot read schema version of ledger " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a new order and its messages.
   *
   * @return false (and writes nothing) when the client order id is already in the ledger
   */
  public synchronized boolean insertOrder(LedgerOrder o, List<OutboxRecord> out) {
    return tx(
        "insert order " + o.clientOrderId(),
        () -> {
          if (find(o.clientOrderId()).isPresent()) {
            return false;
          }
          try {
            insert(o);
          } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              return false;
            }
            throw e;
          }
          enqueueIn(out);
          return true;
        });
  }

  /**
   * Moves an order to {@code to}, optionally recording the broker's id and a reason, and writes new
   * bracket legs and messages in the same transaction.
   *
   * @throws IllegalStateException when the state machine forbids the move
   */
  public synchronized LedgerOrder transition(
      String clientOrderId,
      OrderState to,
      String brokerOrderId,
      String reason,
      long nowNs,
      List<LedgerOrder> newLegs,
      List<OutboxRecord> out) {
    return tx(
        "move " + clientOrderId + " to " + to,
        () -> {
          LedgerOrder current =
              find(clientOrderId)
                  .orElseThrow(
                      () -> new IllegalStateException("order " + clientOrderId + " not in ledger"));
          if (!current.state().canMoveTo(to)) {
            throw new IllegalStateException(
                "order " + clientOrderId + ": illegal transition " + current.state() + " -> " + to);
          }
          LedgerOrder next = current.withState(to, brokerOrderId, reason, nowNs);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE exec_orders SET state = ?, broker_order_id = ?, reason = ?,"
                      + " updated_ns = ? WHERE client_order_id = ?")) {
            ps.setString(1, to.name());
            ps.setString(2, next.brokerOrderId());
            ps.setString(3, next.reason());
            ps.setLong(4, nowNs);
            ps.setString(5, clientOrderId);
            ps.executeUpdate();
          }
          for (LedgerOrder leg : newLegs) {
            if (find(leg.clientOrderId()).isEmpty()) {
              insert(leg);
            }
          }
          enqueueIn(out);
          return next;
        });
  }

  /**
   * Records a fill, adds its quantity to the order and moves the order to {@code state} when the
   * state machine allows it (a fill is a fact and is recorded even when it does not).
   *
   * @return false (and writes nothing) when the execution id is already in the ledger
   */
  public synchronized boolean recordFill(
      LedgerFill fill, OrderState state, long nowNs, List<OutboxRecord> out) {
    return tx(
        "record fill " + fill.executionId(),
        () -> {
          if (hasFillIn(fill.executionId())) {
            return false;
          }
          LedgerOrder current =
              find(fill.clientOrderId())
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "fill "
                                  + fill.executionId()
                                  + " for unknown order "
                                  + fill.clientOrderId()));
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO exec_fills (execution_id, client_order_id, broker_order_id,"
                      + " instrument_id, symbol, side, quantity, price, multiplier_usd, fee_usd,"
                      + " ts_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, fill.executionId());
            ps.setString(2, fill.clientOrderId());
            ps.setString(3, fill.brokerOrderId());
            ps.setLong(4, fill.instrumentId());
            ps.setString(5, fill.symbol());
            ps.setString(6, fill.side().name());
            ps.setInt(7, fill.quantity());
            ps.setLong(8, fill.price());
            ps.setDouble(9, fill.multiplierUsd());
            ps.setDouble(10, fill.feeUsd());
            ps.setLong(11, fill.tsEvent());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              return false;
            }
            throw e;
          }
          OrderState next = state;
          if (current.state() != state && !current.state().canMoveTo(state)) {
            LOG.warn(
                "fill {} on order {} in state {}: recorded, state kept",
                fill.executionId(),
                current.clientOrderId(),
                current.state());
            next = current.state();
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "UPDATE exec_orders SET filled_quantity = filled_quantity + ?, state = ?,"
                      + " updated_ns = ? WHERE client_order_id = ?")) {
            ps.setInt(1, fill.quantity());
            ps.setString(2, next.name());
            ps.setLong(3, nowNs);
            ps.setString(4, fill.clientOrderId());
            ps.executeUpdate();
          }
          enqueueIn(out);
          return true;
        });
  }

  /** Queues messages that report no ledger change (dead letters, control audits). */
  public synchronized void enqueue(List<OutboxRecord> out) {
    tx(
        "enqueue " + out.size() + " messages",
        () -> {
          enqueueIn(out);
          return null;
        });
  }

  public synchronized Optional<LedgerOrder> order(String clientOrderId) {
    return tx("read order " + clientOrderId, () -> find(clientOrderId));
  }

  /** Orders in any of the given states, oldest first. */
  public synchronized List<LedgerOrder> orders(Set<OrderState> states) {
    String in = states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
    return tx(
        "read orders in " + states,
        () -> query("WHERE state IN (" + in + ") ORDER BY created_ns, client_order_id"));
  }

  /** Every order, oldest first. */
  public synchronized List<LedgerOrder> orders() {
    return tx("read orders", () -> query("ORDER BY created_ns, client_order_id"));
  }

  /** Every fill, in execution-time order. */
  public synchronized List<LedgerFill> fills() {
    return tx(
        "read fills",
        () -> {
          List<LedgerFill> out = new ArrayList<>();
          try (PreparedStatement ps =
                  connection.prepareStatement(
                      "SELECT execution_id, client_order_id, broker_order_id, instrument_id,"
                          + " symbol, side, quantity, price, multiplier_usd, fee_usd, ts_event"
                          + " FROM exec_fills ORDER BY ts_event, execution_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new LedgerFill(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getLong(4),
                      rs.getString(5),
                      OrderSide.valueOf(rs.getString(6)),
                      rs.getInt(7),
                      rs.getLong(8),
                      rs.getDouble(9),
                      rs.getDouble(10),
                      rs.getLong(11)));
            }
          }
          return out;
        });
  }

  public synchronized boolean hasFill(String executionId) {
    return tx("read fill " + executionId, () -> hasFillIn(executionId));
  }

  /** Oldest unpublished messages. */
  public synchronized List<OutboxRecord> outbox(int limit) {
    return tx(
        "read outbox",
        () -> {
          List<OutboxRecord> out = new ArrayList<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT seq, topic, record_key, record_value FROM exec_outbox ORDER BY seq")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new OutboxRecord(
                        rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)));
              }
            }
          }
          return out;
        });
  }

  /** Removes published messages up to and including {@code seq}. */
  public synchronized void deleteOutbox(long seq) {
    tx(
        "trim outbox",
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement("DELETE FROM exec_outbox WHERE seq <= ?")) {
            ps.setLong(1, seq);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing ledger {}: {}", url, e.getMessage());
    }
  }

  private void insert(LedgerOrder o) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO exec_orders ("
                + ORDER_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, o.clientOrderId());
      ps.setString(2, o.parentClientOrderId());
      ps.setString(3, o.role().name());
      ps.setString(4, o.signalId());
      ps.setString(5, o.variant());
      ps.setString(6, o.account());
      ps.setLong(7, o.instrumentId());
      ps.setString(8, o.symbol());
      ps.setString(9, o.side().name());
      ps.setInt(10, o.quantity());
      ps.setLong(11, o.price());
      setLong(ps, 12, o.stopLossPrice());
      setLong(ps, 13, o.profitTargetPrice());
      ps.setDouble(14, o.multiplierUsd());
      ps.setBoolean(15, o.reduceOnly());
      setLong(ps, 16, o.signalPrice());
      ps.setLong(17, o.tsSignal());
      ps.setString(18, o.state().name());
      ps.setString(19, o.brokerOrderId());
      ps.setInt(20, o.filledQuantity());
      ps.setString(21, o.reason());
      ps.setLong(22, o.createdNs());
      ps.setLong(23, o.updatedNs());
      ps.executeUpdate();
    }
  }

  private Optional<LedgerOrder> find(String clientOrderId) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT " + ORDER_COLUMNS + " FROM exec_orders WHERE client_order_id = ?")) {
      ps.setString(1, clientOrderId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private List<LedgerOrder> query(String where) throws SQLException {
    List<LedgerOrder> out = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement("SELECT " + ORDER_COLUMNS + " FROM exec_orders " + where);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  private boolean hasFillIn(String executionId) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT 1 FROM exec_fills WHERE execution_id = ?")) {
      ps.setString(1, executionId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void enqueueIn(List<OutboxRecord> out) throws SQLException {
    if (out.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO exec_outbox (topic, record_key, record_value) VALUES (?, ?, ?)")) {
      for (OutboxRecord r : out) {
        ps.setString(1, r.topic());
        ps.setBytes(2, r.key());
        ps.setBytes(3, r.value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static LedgerOrder read(ResultSet rs) throws SQLException {
    return new LedgerOrder(
        rs.getString(1),
        rs.getString(2),
        OrderRole.valueOf(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getLong(7),
        rs.getString(8),
        OrderSide.valueOf(rs.getString(9)),
        rs.getInt(10),
        rs.getLong(11),
        getLong(rs, 12),
        getLong(rs, 13),
        rs.getDouble(14),
        rs.getBoolean(15),
        getLong(rs, 16),
        rs.getLong(17),
        OrderState.valueOf(rs.getString(18)),
        rs.getString(19),
        rs.getInt(20),
        rs.getString(21),
        rs.getLong(22),
        rs.getLong(23));
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Long getLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T tx(String what, SqlWork<T> work) {
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      if (e instanceof RuntimeException re && !(e instanceof LedgerException)) {
        throw re;
      }
      throw new LedgerException("ledger " + url + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }
}
