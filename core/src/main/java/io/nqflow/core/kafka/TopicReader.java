package io.nqflow.core.kafka;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from the beginning to its current end (read committed), for summaries. */
public final class TopicReader {
  private final KafkaConfig kafka;

  /** A reader of a PLAINTEXT broker (a local or test one). */
  public TopicReader(String bootstrapServers) {
    this(KafkaConfig.plaintext(bootstrapServers));
  }

  /** A reader with the brokers and TLS/SASL settings of {@code kafka}. */
  public TopicReader(KafkaConfig kafka) {
    this.kafka = kafka;
  }

  /**
   * Every committed record of the topic at the time of the call, partition by partition.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  public <K, V extends SpecificRecord> List<ConsumerRecord<K, V>> readAll(
      Topic<K, V> topic, Duration timeout) throws TimeoutException {
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(
            properties(),
            TopicSerdes.keyDeserializer(topic),
            TopicSerdes.valueDeserializer(topic))) {
      readToEnd(consumer, topic.name(), timeout, out::add);
    }
    return out;
  }

  /**
   * How many committed records the topic holds at the time of the call, counted without
   * deserializing or keeping them: a whole session of {@code md.events} does not fit in the heap as
   * objects.
   *
   * @throws TimeoutException when the end is not reached within {@code timeout}
   */
  public long count(Topic<?, ?> topic, Duration timeout) throws TimeoutException {
    long[] n = {0};
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      readToEnd(consumer, topic.name(), timeout, r -> n[0]++);
    }
    return n[0];
  }

  private Properties properties() {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "nqflow-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return p;
  }

  private static <K, V> void readToEnd(
      KafkaConsumer<K, V> consumer,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<K, V>> each)
      throws TimeoutException {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(pi -> new TopicPartition(pi.topic(), pi.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + topic + " to its end in " + timeout);
      }
      consumer.poll(Duration.ofMillis(100)).forEach(each);
    }
  }

  /** The values of {@link #readAll}. */
  public <K, V extends SpecificRecord> List<V> values(Topic<K, V> topic, Duration timeout)
      throws TimeoutException {
    return readAll(topic, timeout).stream().map(ConsumerRecord::value).toList();
  }
}
