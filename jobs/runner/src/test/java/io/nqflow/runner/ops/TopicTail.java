package io.nqflow.runner.ops;

import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one topic from its beginning with a single consumer (read committed) and keeps what it
 * has read, so a test polling a topic many times reads each record once instead of the whole topic
 * with a new consumer each time.
 */
final class TopicTail<V extends SpecificRecord> implements AutoCloseable {
  private final KafkaConsumer<?, V> consumer;
  private final List<TopicPartition> partitions;
  private final List<V> values = new ArrayList<>();

  TopicTail(String bootstrap, Topic<?, V> topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer =
        new KafkaConsumer<>(
            p, TopicSerdes.keyDeserializer(topic), TopicSerdes.valueDeserializer(topic));
    partitions =
        consumer.partitionsFor(topic.name()).stream()
            .map(i -> new TopicPartition(topic.name(), i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Every committed value of the topic up to its end at the time of the call, in read order. */
  synchronized List<V> values() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read " + partitions + " to " + end + " in 30 s");
      }
      consumer.poll(Duration.ofMillis(20)).forEach(r -> values.add(r.value()));
    }
    return List.copyOf(values);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
