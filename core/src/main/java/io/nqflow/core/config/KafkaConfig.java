package io.nqflow.core.config;

import io.nqflow.core.kafka.KafkaClientProperties;
import java.io.Serializable;
import java.util.Properties;

/**
 * Kafka connection and topic settings ({@code kafka:}). {@link #clientProperties()} is where every
 * Kafka client nqflow creates (plain clients, admin clients, Flink sources and sinks) gets its
 * brokers and its TLS/SASL settings.
 */
public record KafkaConfig(
    @Doc("Comma-separated host:port list") String bootstrapServers,
    @Doc("Partitions per topic when nqflow creates topics") int partitions,
    @Doc("Replication factor when nqflow creates topics") int replicationFactor,
    @Doc("Prefix of every client.id and group.id nqflow uses") String clientIdPrefix,
    @Doc("TLS and SASL (SCRAM) settings of every Kafka client") KafkaSecurity security)
    implements Validating, Serializable {

  private static final long serialVersionUID = 1L;

  public KafkaConfig {
    security = security == null ? KafkaSecurity.plaintext() : security;
  }

  /** Settings without TLS or SASL. */
  public KafkaConfig(
      String bootstrapServers, int partitions, int replicationFactor, String clientIdPrefix) {
    this(
        bootstrapServers, partitions, replicationFactor, clientIdPrefix, KafkaSecurity.plaintext());
  }

  public static KafkaConfig defaults() {
    return new KafkaConfig("localhost:9092", 3, 1, "nqflow");
  }

  /** The default settings for {@code bootstrapServers}, PLAINTEXT (a local or test broker). */
  public static KafkaConfig plaintext(String bootstrapServers) {
    return defaults().withBootstrapServers(bootstrapServers);
  }

  /** These settings with other brokers (e.g. from {@code --bootstrap-servers}). */
  public KafkaConfig withBootstrapServers(String value) {
    return new KafkaConfig(value, partitions, replicationFactor, clientIdPrefix, security);
  }

  /** These settings with other TLS/SASL settings. */
  public KafkaConfig withSecurity(KafkaSecurity value) {
    return new KafkaConfig(bootstrapServers, partitions, replicationFactor, clientIdPrefix, value);
  }

  /**
   * The properties every Kafka client starts from: {@code bootstrap.servers} plus the security
   * settings ({@link KafkaClientProperties#of}); callers add their client's own properties. The
   * result holds passwords when SASL or a keystore is configured: hand it to a Kafka client, never
   * to a log.
   */
  public Properties clientProperties() {
    return KafkaClientProperties.of(this);
  }

  @Override
  public void validate(Checks c) {
    if (bootstrapServers != null) {
      c.require(
          bootstrapServers.matches("\\s*[^\\s,:]+:\\d{1,5}\\s*(,\\s*[^\\s,:]+:\\d{1,5}\\s*)*"),
          "bootstrap_servers",
          "expected a comma-separated list of host:port, got \"" + bootstrapServers + "\"");
    }
    c.range("partitions", partitions, 1, 10_000);
    c.range("replication_factor", replicationFactor, 1, 32);
    c.notBlank("client_id_prefix", clientIdPrefix);
  }
}
