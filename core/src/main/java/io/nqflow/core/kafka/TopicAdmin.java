package io.nqflow.core.kafka;

import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the system's topics (DESIGN §5) where they are missing; existing topics are kept. */
public final class TopicAdmin {
  private TopicAdmin() {}

  /**
   * Creates every topic of {@link Topics#ALL} that does not exist yet.
   *
   * @return the names of the topics created by this call
   */
  public static List<String> ensureTopics(
      String bootstrapServers, int partitions, short replicationFactor)
      throws InterruptedException, ExecutionException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : Topics.ALL) {
        if (existing.contains(topic.name())) {
          continue;
        }
        NewTopic nt = new NewTopic(topic.name(), partitions, replicationFactor);
        if (topic.compacted()) {
          nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        missing.add(nt);
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
      return missing.stream().map(NewTopic::name).toList();
    }
  }
}
