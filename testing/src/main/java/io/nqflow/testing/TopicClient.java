package io.nqflow.testing;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces to and reads from the system's typed topics in tests. */
public final class TopicClient {
  private final String bootstrapServers;

  public TopicClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** Writes records synchronously (acks=all), in order. */
  public <K, V extends SpecificRecord> void produce(Topic<K, V> topic, List<Map.Entry<K, V>> kvs) {
    Properties p = KafkaConfig.plaintext(bootstrapServers).clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(
            p, TopicSerdes.keySerializer(topic), TopicSerdes.valueSerializer(topic))) {
      for (Map.Entry<K, V> kv : kvs) {
        producer.send(new ProducerRecord<>(topic.name(), kv.getKey(), kv.getValue()));
      }
      producer.flush();
    }
  }

  /** Writes raw bytes to a topic (for malformed-input tests). */
  public void produceRaw(String topicName, byte[] key, byte[] value) {
    Properties p = KafkaConfig.plaintext(bootstrapServers).clientProperties();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topicName, key, value));
      producer.flush();
    }
  }

  /** Everything currently in the topic, from the beginning, read committed. */
  public <K, V extends SpecificRecord> List<ConsumerRecord<K, V>> readAll(Topic<K, V> topic) {
    try {
      return new TopicReader(bootstrapServers).readAll(topic, Duration.ofSeconds(30));
    } catch (TimeoutException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** Values currently in the topic. */
  public <K, V extends SpecificRecord> List<V> values(Topic<K, V> topic) {
    return readAll(topic).stream().map(ConsumerRecord::value).toList();
  }

  /** Polls until the topic holds at least {@code count} records, then returns its values. */
  public <K, V extends SpecificRecord> List<V> awaitValues(
      Topic<K, V> topic, int count, Duration timeout) {
    List<List<V>> last = new ArrayList<>();
    Poll.until(
        timeout,
        count + " records on " + topic.name(),
        () -> {
          List<V> v = values(topic);
          last.clear();
          last.add(v);
          return v.size() >= count;
        });
    return last.get(0);
  }

  /**
   * Polls until the topic holds at least one record whose value matches, then returns every such
   * record. Read-committed readers see a committed transaction only once its markers are written, a
   * moment after the producer's commit returned: a single read right after it can miss it.
   */
  public <K, V extends SpecificRecord> List<ConsumerRecord<K, V>> awaitMatching(
      Topic<K, V> topic, java.util.function.Predicate<V> match, Duration timeout) {
    return Poll.untilPresent(
        timeout,
        "a matching record on " + topic.name(),
        () -> {
          List<ConsumerRecord<K, V>> found =
              readAll(topic).stream().filter(r -> match.test(r.value())).toList();
          return found.isEmpty() ? null : found;
        });
  }
}
