package io.nqflow.runner.ops;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes an operator's {@link ControlCommand} on ops.control together with its {@link
 * AuditEvent} on ops.audit in one Kafka transaction, so a command never takes effect without its
 * audit record (readers of both topics read committed).
 */
public final class ControlPublisher {
  /** Stage name of operator actions in the audit trail. */
  public static final String STAGE = "operator";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConfig kafka;

  /** A publisher to a PLAINTEXT broker (a local or test one). */
  public ControlPublisher(String bootstrapServers) {
    this(KafkaConfig.plaintext(bootstrapServers));
  }

  /** A publisher with the brokers and TLS/SASL settings of {@code kafka}. */
  public ControlPublisher(KafkaConfig kafka) {
    this.kafka = kafka;
  }

  /**
   * The audit record of a control command: who, with which key (empty: unsigned), what, for which
   * scope, and why.
   */
  public static AuditEvent audit(ControlCommand c) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.OPERATOR, c.getOperator());
    d.put(AuditDetails.KEY_ID, c.getKeyId() == null ? "" : c.getKeyId());
    d.put(AuditDetails.SCOPE, c.getScope());
    d.put(AuditDetails.COMMAND, c.getCommand().name());
    return AuditEvent.newBuilder()
        .setAuditId(Ids.of("aud", STAGE, "control", c.getCommandId(), c.getCommand().name()))
        .setStage(STAGE)
        .setEntityType("control")
        .setEntityId(c.getCommandId())
        .setAction(c.getCommand().name())
        .setTs(c.getTs())
        .setRationale(c.getReason())
        .setDetails(d)
        .build();
  }

  /**
   * Writes the command (key: scope) and its audit record (key: command id) atomically.
   *
   * @throws org.apache.kafka.common.KafkaException when the broker cannot be reached or the
   *     transaction does not commit within 30 s; nothing is then visible to read-committed readers
   */
  public void publish(ControlCommand c) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "nqflow-control-" + UUID.randomUUID());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    AuditEvent a = audit(c);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(
          new ProducerRecord<>(
              Topics.CONTROL.name(),
              TopicSerdes.keySerializer(Topics.CONTROL).serialize(null, c.getScope()),
              TopicSerdes.valueSerializer(Topics.CONTROL).serialize(null, c)));
      producer.send(
          new ProducerRecord<>(
              Topics.AUDIT.name(),
              TopicSerdes.keySerializer(Topics.AUDIT).serialize(null, a.getEntityId()),
              TopicSerdes.valueSerializer(Topics.AUDIT).serialize(null, a)));
      producer.commitTransaction();
    }
  }
}
