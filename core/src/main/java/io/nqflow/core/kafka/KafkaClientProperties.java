package io.nqflow.core.kafka;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The one place where nqflow's Kafka settings ({@code kafka:}) become Kafka client properties:
 * {@code bootstrap.servers} and the TLS/SASL properties of {@code kafka.security}. Every client
 * (plain, admin, Flink source and sink) starts from {@link #of} through {@link
 * KafkaConfig#clientProperties()}. The results hold passwords when SASL or a keystore is set: hand
 * them to a Kafka client, never to a log.
 */
public final class KafkaClientProperties {
  /** Kafka's {@code bootstrap.servers} client property. */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  private static final String SCRAM_LOGIN_MODULE =
      "org.apache.kafka.common.security.scram.ScramLoginModule";

  private KafkaClientProperties() {}

  /** {@code bootstrap.servers} and the security properties of {@code kafka}. */
  public static Properties of(KafkaConfig kafka) {
    Properties p = new Properties();
    p.put(BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    security(kafka.security()).forEach(p::put);
    return p;
  }

  /**
   * The client properties of {@code s} (without the brokers); empty for PLAINTEXT, so a plaintext
   * client's properties are exactly what they were before security settings existed.
   */
  public static Map<String, String> security(KafkaSecurity s) {
    Map<String, String> p = new LinkedHashMap<>();
    KafkaSecurity.Protocol protocol = s.protocol();
    if (protocol == KafkaSecurity.Protocol.PLAINTEXT) {
      return p;
    }
    p.put("security.protocol", protocol.name());
    if (protocol.sasl()) {
      p.put("sasl.mechanism", s.saslMechanism().kafkaName());
      p.put(
          "sasl.jaas.config",
          SCRAM_LOGIN_MODULE
              + " required username=\""
              + jaasQuote(s.username())
              + "\" password=\""
              + jaasQuote(s.password().reveal())
              + "\";");
    }
    if (protocol.tls()) {
      p.put("ssl.truststore.location", s.truststorePath());
      p.put("ssl.truststore.type", s.truststoreType());
      if (s.truststorePassword().isPresent()) {
        p.put("ssl.truststore.password", s.truststorePassword().reveal());
      }
      if (s.keystorePath() != null) {
        p.put("ssl.keystore.location", s.keystorePath());
        p.put("ssl.keystore.type", s.keystoreType());
        p.put("ssl.keystore.password", s.keystorePassword().reveal());
        p.put("ssl.key.password", s.keystorePassword().reveal());
      }
      String check = s.sslEndpointIdentification();
      p.put("ssl.endpoint.identification.algorithm", "none".equals(check) ? "" : check);
    }
    return p;
  }

  /** A JAAS option value inside double quotes: backslashes and quotes escaped. */
  static String jaasQuote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
