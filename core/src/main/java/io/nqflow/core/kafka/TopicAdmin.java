package io.nqflow.core.kafka;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the system's topics (docs/design.md §5) where they are missing; existing topics are kept.
 */
public final class TopicAdmin {
  private TopicAdmin() {}

  /**
   * Topic configs. Record timestamps are the broker's append time: event time travels in the
   * messages, and a replay of last month's data must not be deleted by time retention the moment it
   * is written (Flink's Kafka sink would otherwise stamp records with their event time).
   */
  public static Map<String, String> configs(Topic<?, ?> topic) {
    return Map.of(
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
        "LogAppendTime",
        TopicConfig.CLEANUP_POLICY_CONFIG,
        topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
  }

  /**
   * Creates every topic of {@link Topics#ALL} that does not exist yet.
   *
   * @return the names of the topics created by this call
   */
  public static List<String> ensureTopics(
      String bootstrapServers, int partitions, short replicationFactor)
      throws InterruptedException, ExecutionException {
    return ensureTopics(KafkaConfig.plaintext(bootstrapServers), partitions, replicationFactor);
  }

  /**
   * Creates every topic of {@link Topics#ALL} that does not exist yet, with the brokers and
   * TLS/SASL settings of {@code kafka}.
   *
   * @return the names of the topics created by this call
   */
  public static List<String> ensureTopics(
      KafkaConfig kafka, int partitions, short replicationFactor)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : Topics.ALL) {
        if (existing.contains(topic.name())) {
          continue;
        }
        NewTopic nt = new NewTopic(topic.name(), partitions, replicationFactor);
        nt.configs(configs(topic));
        missing.add(nt);
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
      return missing.stream().map(NewTopic::name).toList();
    }
  }
}
