package io.nqflow.execution;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.TopicClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings, inputs and outputs of one test account on the embedded broker. */
final class ServiceHarness {
  static final Duration WAIT = Duration.ofSeconds(30);

  final String account;
  final TopicClient kafka;
  final ExecutionSettings settings;

  ServiceHarness(KafkaExtension broker, Path dir, String account) {
    this(broker, dir, account, Duration.ofMinutes(5));
  }

  ServiceHarness(KafkaExtension broker, Path dir, String account, Duration reconcileInterval) {
    this.account = account;
    this.kafka = broker.client();
    this.settings =
        ExecutionSettings.builder()
            .account(account)
            .ledger("jdbc:h2:file:" + dir.resolve(account), "sa", "")
            .paperLatency(Duration.ZERO)
            .paperSlippageTicks(0)
            .kafkaBootstrap(broker.bootstrapServers())
            .reconcileInterval(reconcileInterval)
            .build();
  }

  void market(MarketEvent... events) {
    for (MarketEvent e : events) {
      kafka.produce(Topics.MARKET_EVENTS, List.of(Map.entry(e.getInstrumentId(), e)));
    }
  }

  void intent(OrderIntent... intents) {
    for (OrderIntent i : intents) {
      kafka.produce(Topics.ORDERS_APPROVED, List.of(Map.entry(i.getAccount(), i)));
    }
  }

  /** A reduce-only SELL that closes {@code qty} contracts of a long position at {@code limit}. */
  OrderIntent exit(String signal, long instrument, int qty, double limit) {
    return TestData.intent(account, signal, instrument, OrderSide.SELL, qty, limit, 0, 0, true);
  }

  void control(String id, ControlAction action) {
    ControlCommand c =
        ControlCommand.newBuilder()
            .setCommandId(id)
            .setScope(account)
            .setCommand(action)
            .setOperator("tester")
            .setReason("test " + action)
            .setTs(TestData.T0)
            .build();
    kafka.produce(Topics.CONTROL, List.of(Map.entry(account, c)));
  }

  List<ExecutionEvent> events() {
    return kafka.values(Topics.EXEC_EVENTS).stream()
        .filter(e -> e.getAccount().equals(account))
        .toList();
  }

  <T> List<T> payloads(Class<T> type) {
    return events().stream()
        .map(ExecutionEvent::getPayload)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  List<Fill> fills() {
    return payloads(Fill.class);
  }

  List<OrderAccepted> accepted() {
    return payloads(OrderAccepted.class);
  }

  List<AuditEvent> audits(String entityId) {
    return kafka.values(Topics.AUDIT).stream()
        .filter(a -> a.getEntityId().equals(entityId))
        .toList();
  }

  Ledger ledger() {
    return Ledger.open(settings.ledgerUrl(), settings.ledgerUser(), settings.ledgerPassword());
  }
}
