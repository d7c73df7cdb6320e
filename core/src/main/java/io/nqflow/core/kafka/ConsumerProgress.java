package io.nqflow.core.kafka;

import io.nqflow.core.config.KafkaConfig;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group has committed on a topic, compared with the topic's end. */
public final class ConsumerProgress implements AutoCloseable {
  private final Admin admin;

  /** Progress on a PLAINTEXT broker (a local or test one). */
  public ConsumerProgress(String bootstrapServers) {
    this(KafkaConfig.plaintext(bootstrapServers));
  }

  /** Progress with the brokers and TLS/SASL settings of {@code kafka}. */
  public ConsumerProgress(KafkaConfig kafka) {
    this.admin = Admin.create(kafka.clientProperties());
  }

  /** Records of {@code topic} not yet committed by {@code group} (all of them if it has none). */
  public long lag(String group, String topic) throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    var partitions =
        admin
            .describeTopics(java.util.List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions();
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream()
            .collect(
                Collectors.toMap(
                    pi -> new TopicPartition(topic, pi.partition()), pi -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(request).all().get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += e.getValue().offset() - (c == null ? 0 : c.offset());
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close();
  }
}
