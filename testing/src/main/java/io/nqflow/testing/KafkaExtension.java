package io.nqflow.testing;

import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts a real in-process KRaft Kafka broker on a random loopback port for
 * a test class and creates every topic of the system. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();}</pre>
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {
  private final int partitions;
  private EmbeddedKafka kafka;

  public KafkaExtension() {
    this(2);
  }

  public KafkaExtension(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    kafka = EmbeddedKafka.start(0);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), partitions, (short) 1);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  public String bootstrapServers() {
    if (kafka == null) {
      throw new IllegalStateException("broker not started: register the extension as static");
    }
    return kafka.bootstrapServers();
  }

  /** A client for producing and reading typed topics on this broker. */
  public TopicClient client() {
    return new TopicClient(bootstrapServers());
  }
}
