package io.nqflow.core.kafka;

import io.nqflow.core.files.OwnerOnly;
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

  private final LoopbackForwarder forwarder;
  private final int fixedPort;

  private EmbeddedKafka(
      KafkaClusterTestKit cluster, Path dataDir, LoopbackForwarder forwarder, int fixedPort) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.forwarder = forwarder;
    this.fixedPort = fixedPort;
  }

  /**
   * Starts a broker listening on {@code 127.0.0.1:port} (0 = any free port) and waits until it is
   * ready to serve clients.
   */
  public static EmbeddedKafka start(int port) throws Exception {
    // A new temporary folder is owner-only (rwx------) on POSIX file systems.
    return start(port, Files.createTempDirectory("nqflow-kafka-"));
  }

  /**
   * Starts a broker as {@link #start(int)} does, with its log folders under {@code dir} (created
   * owner-only, deleted on close), e.g. inside a run's own folder.
   */
  public static EmbeddedKafka start(int port, Path dir) throws Exception {
    OwnerOnly.createDirectories(dir);
    TestKitNodes.Builder nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(dir);
    if (port != 0) {
      // The kit binds its listeners to random ports; the broker advertises the fixed port, which a
      // forwarder connects to the real one, so clients inside and outside the JVM use the same
      // address.
      nodes.setPerServerProperties(
          Map.of(0, Map.of("advertised.listeners", "EXTERNAL://localhost:" + port)));
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
    LoopbackForwarder forwarder = null;
    try {
      cluster.format();
      cluster.startup();
      if (port != 0) {
        int actual = cluster.brokers().get(0).boundPort(cluster.nodes().brokerListenerName());
        forwarder = new LoopbackForwarder(port, actual);
      }
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      if (forwarder != null) {
        forwarder.close();
      }
      cluster.close();
      throw e;
    }
    return new EmbeddedKafka(cluster, dir, forwarder, port);
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return fixedPort != 0 ? "localhost:" + fixedPort : cluster.bootstrapServers();
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops the broker role of the node at once (its log folders are kept, the KRaft controller stays
   * up): every client connection is cut first, and the broker does not wait for a controlled
   * shutdown. Clients see the broker gone until {@link #startBroker}. Needs a fixed port (the
   * address clients know survives the restart only through it).
   */
  public void stopBroker() {
    requireFixedPort();
    var broker = cluster.brokers().values().iterator().next();
    forwarder.dropConnections();
    broker.shutdown(java.time.Duration.ZERO);
    broker.awaitShutdown();
    forwarder.dropConnections();
  }

  /**
   * Starts the broker role again on the same log folders and waits until it serves clients on the
   * same address as before.
   */
  public void startBroker() throws Exception {
    requireFixedPort();
    var broker = cluster.brokers().values().iterator().next();
    broker.startup();
    cluster.waitForReadyBrokers();
    forwarder.retarget(broker.boundPort(cluster.nodes().brokerListenerName()));
  }

  private void requireFixedPort() {
    if (forwarder == null) {
      throw new IllegalStateException(
          "restarting the embedded broker needs a fixed port (started with port 0)");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      cluster.close();
    } finally {
      if (forwarder != null) {
        forwarder.close();
      }
    }
  }
}
