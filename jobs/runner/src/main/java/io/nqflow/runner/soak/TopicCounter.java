package io.nqflow.runner.soak;

import io.nqflow.core.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the committed records of a few topics (read_committed, so records of aborted transactions
 * and transaction markers are not counted), reading on from where the last count stopped.
 */
final class TopicCounter implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Long> counts = new HashMap<>();

  TopicCounter(String bootstrap, List<String> topics) {
    Properties p = KafkaConfig.plaintext(bootstrap).clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      consumer.partitionsFor(t).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
      counts.put(t, 0L);
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Forgets what is on the topics now: counts start again from 0 at their current ends. */
  void skipToEnd() {
    consumer.seekToEnd(consumer.assignment());
    // seekToEnd is lazy: asking the positions makes it happen now.
    consumer.assignment().forEach(consumer::position);
    counts.replaceAll((t, n) -> 0L);
  }

  /** Reads what arrived since the last call and returns the count per topic so far. */
  Map<String, Long> poll() {
    for (int i = 0; i < 50; i++) {
      var records = consumer.poll(Duration.ofMillis(i == 0 ? 200 : 20));
      if (records.isEmpty()) {
        break;
      }
      for (ConsumerRecord<byte[], byte[]> r : records) {
        counts.merge(r.topic(), 1L, Long::sum);
      }
    }
    return Map.copyOf(counts);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
