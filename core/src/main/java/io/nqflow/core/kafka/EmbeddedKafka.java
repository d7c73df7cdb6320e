package io.nqflow.core.kafka;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.files.OwnerOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (combined KRaft controller and broker) in this JVM, on loopback.
 * Used by {@code nqflow local} and by every integration test. Port 0 picks a free port.
 *
 * <p>{@link #startSaslSsl} starts one whose clients must use SCRAM over TLS (see {@link
 * SecureListener}).
 *
 * <p>Needs {@code kafka-test-common-runtime} on the classpath (an optional dependency of core).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Path dataDir;

  private final LoopbackForwarder forwarder;
  private final int fixedPort;
  private final SecureListener secure;
  private final int securePort;

  private EmbeddedKafka(
      KafkaClusterTestKit cluster,
      Path dataDir,
      LoopbackForwarder forwarder,
      int fixedPort,
      SecureListener secure,
      int securePort) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.forwarder = forwarder;
    this.fixedPort = fixedPort;
    this.secure = secure;
    this.securePort = securePort;
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
    return start(port, dir, null);
  }

  /**
   * Starts a broker on a free port whose client listener accepts only SASL_SSL with {@code
   * mechanism}: a self-signed certificate for {@code localhost} and one SCRAM user, made at start
   * with random passwords. {@link #bootstrapServers()} is that listener and {@link #clientConfig()}
   * holds the user's settings. The broker's inter-broker and controller listeners stay PLAINTEXT,
   * bound to loopback; the SCRAM user is created through them. A client that bootstraps on the
   * SASL_SSL listener learns only SASL_SSL endpoints from the broker's metadata.
   */
  public static EmbeddedKafka startSaslSsl(KafkaSecurity.SaslMechanism mechanism) throws Exception {
    Path dir = Files.createTempDirectory("nqflow-kafka-sasl-");
    SecureListener secure = SecureListener.create(dir, mechanism);
    EmbeddedKafka kafka = start(0, dir.resolve("broker"), secure);
    try {
      kafka.createScramUser(secure.username(), secure.password());
      kafka.awaitLogin(Duration.ofSeconds(30));
      return kafka;
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
  }

  private static EmbeddedKafka start(int port, Path dir, SecureListener secure) throws Exception {
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
    TestKitNodes built = nodes.build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(built);
    if (secure != null) {
      secure
          .brokerProperties(
              built.brokerListenerName().value(), built.controllerListenerName().value())
          .forEach(builder::setConfigProp);
    }
    KafkaClusterTestKit cluster =
        builder
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
    int securePort = 0;
    try {
      cluster.format();
      cluster.startup();
      if (port != 0) {
        int actual = cluster.brokers().get(0).boundPort(cluster.nodes().brokerListenerName());
        forwarder = new LoopbackForwarder(port, actual);
      }
      cluster.waitForReadyBrokers();
      if (secure != null) {
        securePort = cluster.brokers().get(0).boundPort(new ListenerName(SecureListener.NAME));
      }
    } catch (Exception e) {
      if (forwarder != null) {
        forwarder.close();
      }
      cluster.close();
      throw e;
    }
    return new EmbeddedKafka(cluster, dir, forwarder, port, secure, securePort);
  }

  /**
   * {@code host:port} for {@code bootstrap.servers}: the SASL_SSL listener of a broker started with
   * {@link #startSaslSsl}.
   */
  public String bootstrapServers() {
    if (secure != null) {
      return "localhost:" + securePort;
    }
    return fixedPort != 0 ? "localhost:" + fixedPort : cluster.bootstrapServers();
  }

  /**
   * Client settings for this broker: PLAINTEXT, or SCRAM over TLS as the test user for a broker
   * started with {@link #startSaslSsl}.
   */
  public KafkaConfig clientConfig() {
    KafkaConfig plain = KafkaConfig.plaintext(bootstrapServers());
    return secure == null ? plain : plain.withSecurity(secure.clientSecurity());
  }

  /**
   * Adds (or replaces) a SCRAM user of the broker's mechanism, through the loopback PLAINTEXT
   * listener; only for a broker started with {@link #startSaslSsl}.
   */
  public void createScramUser(String user, String password) throws Exception {
    if (secure == null) {
      throw new IllegalStateException("this broker was not started with startSaslSsl");
    }
    ScramMechanism mech =
        secure.mechanism() == KafkaSecurity.SaslMechanism.SCRAM_SHA_256
            ? ScramMechanism.SCRAM_SHA_256
            : ScramMechanism.SCRAM_SHA_512;
    try (Admin admin = Admin.create(internalProperties())) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(mech, 4096), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Every password of the SASL_SSL listener and its test user; empty for a PLAINTEXT broker. */
  List<String> generatedPasswords() {
    return secure == null ? List.of() : secure.passwords();
  }

  private Properties internalProperties() {
    return KafkaConfig.plaintext(cluster.bootstrapServers()).clientProperties();
  }

  /** Waits until the test user can log in over SASL_SSL (the broker applies new users async). */
  private void awaitLogin(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = clientConfig().clientProperties();
    p.put("request.timeout.ms", "5000");
    p.put("default.api.timeout.ms", "5000");
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = Admin.create(p)) {
        admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    throw new IllegalStateException(
        "the SASL_SSL listener did not accept the test user within " + timeout, last);
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
      if (secure != null) {
        secure.delete();
      }
    }
  }
}
