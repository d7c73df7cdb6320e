package io.nqflow.execution.kafka;

import io.nqflow.core.config.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients of the execution service: read committed consumers, an idempotent producer. */
public final class KafkaClients {
  private KafkaClients() {}

  /**
   * A consumer of raw records, with the brokers and TLS/SASL settings of {@code kafka}, that reads
   * only committed transactions and commits its offsets by hand.
   *
   * @param group consumer group whose offsets are committed, or null for a consumer that only
   *     assigns and seeks
   */
  public static KafkaConsumer<byte[], byte[]> consumer(
      KafkaConfig kafka, String account, String group) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "nqflow-execution-" + account);
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    return new KafkaConsumer<>(p);
  }

  /**
   * An idempotent producer that waits for every replica, with the brokers and TLS/SASL settings of
   * {@code kafka}.
   */
  public static KafkaProducer<byte[], byte[]> producer(KafkaConfig kafka, String account) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "nqflow-execution-" + account);
    return new KafkaProducer<>(p);
  }

  /**
   * Every partition of a topic.
   *
   * @throws IllegalStateException when the topic does not exist
   */
  public static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  /** Where a record was read, e.g. {@code orders.approved-0@42}. */
  public static String position(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }
}
