package io.nqflow.jobs.common;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import java.io.IOException;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka sources and sinks for the typed topics. Sources yield {@link RawRecord}s that a chained
 * {@link DecodeFunction} turns into messages; sinks write a topic's key and Avro value.
 */
public final class KafkaIo {
  private KafkaIo() {}

  /**
   * A source over one topic, read committed.
   *
   * @param bounded when true the source stops at the offsets that were latest at start (tests,
   *     backtests); otherwise it runs forever
   */
  public static KafkaSource<RawRecord> source(
      String bootstrapServers,
      Topic<?, ?> topic,
      String groupId,
      OffsetsInitializer start,
      boolean bounded) {
    return source(KafkaConfig.plaintext(bootstrapServers), topic, groupId, start, bounded);
  }

  /**
   * A source over one topic, read committed, with the brokers and TLS/SASL settings of {@code
   * kafka}.
   *
   * @param bounded when true the source stops at the offsets that were latest at start (tests,
   *     backtests); otherwise it runs forever
   */
  public static KafkaSource<RawRecord> source(
      KafkaConfig kafka,
      Topic<?, ?> topic,
      String groupId,
      OffsetsInitializer start,
      boolean bounded) {
    KafkaSourceBuilder<RawRecord> b =
        KafkaSource.<RawRecord>builder()
            .setProperties(kafka.clientProperties())
            .setTopics(topic.name())
            .setGroupId(groupId)
            .setStartingOffsets(start)
            .setDeserializer(new RawDeserializer())
            .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000")
            .setProperty("commit.offsets.on.checkpoint", "true");
    if (bounded) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  /**
   * A sink for one topic.
   *
   * @param keyOf the record key of a value (must be serializable)
   * @param guarantee AT_LEAST_ONCE on the hot path, EXACTLY_ONCE where latency does not matter
   * @param transactionalIdPrefix unique per job and variant; used with EXACTLY_ONCE
   */
  public static <K, V extends SpecificRecord> KafkaSink<V> sink(
      String bootstrapServers,
      Topic<K, V> topic,
      KeySelectorFn<V, K> keyOf,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix) {
    return sink(
        KafkaConfig.plaintext(bootstrapServers), topic, keyOf, guarantee, transactionalIdPrefix);
  }

  /**
   * A sink for one topic, with the brokers and TLS/SASL settings of {@code kafka}.
   *
   * @param keyOf the record key of a value (must be serializable)
   * @param guarantee AT_LEAST_ONCE on the hot path, EXACTLY_ONCE where latency does not matter
   * @param transactionalIdPrefix unique per job and variant; used with EXACTLY_ONCE
   */
  public static <K, V extends SpecificRecord> KafkaSink<V> sink(
      KafkaConfig kafka,
      Topic<K, V> topic,
      KeySelectorFn<V, K> keyOf,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix) {
    Properties producer = kafka.clientProperties();
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producer.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    // Transactions must outlive a checkpoint interval plus recovery.
    producer.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
    return KafkaSink.<V>builder()
        .setKafkaProducerConfig(producer)
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<V>builder()
                .setTopic(topic.name())
                .setKeySerializationSchema(new KeySchema<>(topic, keyOf))
                .setValueSerializationSchema(new ValueSchema<>(topic))
                .build())
        .build();
  }

  /** Extracts a record key from a value. */
  @FunctionalInterface
  public interface KeySelectorFn<V, K> extends java.io.Serializable {
    K keyOf(V value);
  }

  private static final class RawDeserializer
      implements KafkaRecordDeserializationSchema<RawRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out)
        throws IOException {
      out.collect(new RawRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
      return TypeInformation.of(RawRecord.class);
    }
  }

  private static final class KeySchema<K, V extends SpecificRecord>
      implements SerializationSchema<V> {
    private final String topicName;
    private final KeySelectorFn<V, K> keyOf;
    private transient Topic<K, V> topic;

    KeySchema(Topic<K, V> topic, KeySelectorFn<V, K> keyOf) {
      this.topicName = topic.name();
      this.keyOf = keyOf;
    }

    @Override
    public byte[] serialize(V value) {
      if (topic == null) {
        topic = Topics.byName(topicName);
      }
      return topic.serializeKey(keyOf.keyOf(value));
    }
  }

  private static final class ValueSchema<K, V extends SpecificRecord>
      implements SerializationSchema<V> {
    private final String topicName;
    private transient Topic<K, V> topic;

    ValueSchema(Topic<K, V> topic) {
      this.topicName = topic.name();
    }

    @Override
    public byte[] serialize(V value) {
      if (topic == null) {
        topic = Topics.byName(topicName);
      }
      return topic.serializeValue(value);
    }
  }
}
