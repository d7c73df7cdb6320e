package io.nqflow.execution.engine;

import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.execution.TestData;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.schemas.Topics;
import io.prometheus.client.CollectorRegistry;
import java.nio.file.Path;
import java.util.List;

/** An order engine over a {@link TestingBroker} and a real H2 ledger in a test directory. */
final class EngineRig implements AutoCloseable {
  static final String ACCOUNT = "acct";
  static final double FEE = 1.25;

  final TestingBroker broker;
  final Ledger ledger;
  final ExecutionCounters counters;
  final TradingControl control;
  final OrderEngine engine;
  final Reconciler reconciler;

  EngineRig(Path dir) {
    this(dir, new TestingBroker());
  }

  /** A rig on the ledger in {@code dir}, which a previous rig may have written. */
  EngineRig(Path dir, TestingBroker broker) {
    this.broker = broker;
    this.ledger = Ledger.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "");
    this.counters = new ExecutionCounters(new CollectorRegistry(), ACCOUNT, broker.name());
    this.control = new TradingControl(ACCOUNT, counters);
    this.engine = new OrderEngine(ACCOUNT, FEE, broker, ledger, control, counters);
    this.reconciler = new Reconciler(engine, broker, ledger, counters);
  }

  LedgerOrder order(String clientOrderId) {
    return ledger.order(clientOrderId).orElseThrow();
  }

  void control(String id, String scope, ControlAction action) {
    engine.onControl(
        ControlCommand.newBuilder()
            .setCommandId(id)
            .setScope(scope)
            .setCommand(action)
            .setOperator("tester")
            .setReason("test " + action)
            .setTs(TestData.T0)
            .build(),
        true,
        "ops.control-0@0");
  }

  /** Payloads of the exec.events messages in the outbox, oldest first. */
  <T> List<T> events(Class<T> type) {
    return ledger.outbox(10_000).stream()
        .filter(r -> r.topic().equals(Topics.EXEC_EVENTS.name()))
        .map(r -> Topics.EXEC_EVENTS.deserializeValue(r.value()))
        .map(ExecutionEvent::getPayload)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** Audit events in the outbox about one entity, oldest first. */
  List<AuditEvent> audits(String entityId) {
    return ledger.outbox(10_000).stream()
        .filter(r -> r.topic().equals(Topics.AUDIT.name()))
        .map(r -> Topics.AUDIT.deserializeValue(r.value()))
        .filter(a -> a.getEntityId().equals(entityId))
        .toList();
  }

  @Override
  public void close() {
    ledger.close();
  }
}
