package io.nqflow.core.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (combined KRaft controller and broker) in this JVM, on loopback.
 * Used by {@code nqflow local} and by every integration test. Port 0 picks a free port.
 *
 * <p>Needs {@code kafka-test-common-runtime} on the classpath (an optional dependency of core).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Path dataDir;

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir) {
    this.cluster = cluster;
    this.dataDir = dataDir;
  }

  /**
   * Starts a broker listening on {@code 127.0.0.1:port} (0 = any free port) and waits until it is
   * ready to serve clients.
   */
  public static EmbeddedKafka start(int port) throws Exception {
    Path dir = Files.createTempDirectory("nqflow-kafka-");
    TestKitNodes.Builder nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(dir);
    if (port != 0) {
      // Overrides the kit's random-port listeners so tools outside the JVM know where to connect.
      nodes.setPerServerProperties(
          Map.of(
              0,
              Map.of(
                  "listeners",
                  "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0",
                  "advertised.listeners",
                  "EXTERNAL://127.0.0.1:" + port)));
    }
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes.build())
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
            .setDeleteOnClose(true)
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new EmbeddedKafka(cluster, dir);
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
