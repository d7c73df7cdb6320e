package io.nqflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.kafka.KafkaClientProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

  @TempDir Path dir;

  private static String randomPassword() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private NqflowConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.fromYaml(yaml, dir, env, TestingSections.ALL);
  }

  private List<ConfigError> errorsOf(String yaml, Map<String, String> env) {
    try {
      load(yaml, env);
    } catch (ConfigException e) {
      return e.errors();
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void defaultIsPlaintextAndAddsNothingButTheBrokers() {
    Properties p = KafkaConfig.defaults().clientProperties();
    assertThat(p).containsOnlyKeys("bootstrap.servers");
    assertThat(p.getProperty("bootstrap.servers")).isEqualTo("localhost:9092");
    assertThat(KafkaConfig.defaults().security().protocol())
        .isEqualTo(KafkaSecurity.Protocol.PLAINTEXT);
  }

  @Test
  void saslSslProfileBecomesScramOverTlsClientProperties() throws IOException {
    String password = randomPassword();
    String trustPassword = randomPassword();
    Path secretFile = dir.resolve("kafka-password");
    Files.writeString(secretFile, password + "\n");
    NqflowConfig cfg =
        load(
            """
            kafka:
              bootstrap_servers: broker-1:9093,broker-2:9093
              security:
                protocol: SASL_SSL
                sasl_mechanism: SCRAM-SHA-256
                username: flow-jobs
                password: ${file:%s}
                truststore_path: /etc/nqflow/kafka-ca.p12
                truststore_password: ${TRUST_PASS}
            """
                .formatted(secretFile),
            Map.of("TRUST_PASS", trustPassword));

    Properties p = cfg.kafka().clientProperties();
    assertThat(p)
        .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"flow-jobs\" password=\""
                + password
                + "\";")
        .containsEntry("ssl.truststore.location", "/etc/nqflow/kafka-ca.p12")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", trustPassword)
        .containsEntry("ssl.endpoint.identification.algorithm", "https")
        .doesNotContainKeys("ssl.keystore.location", "ssl.keystore.password", "ssl.key.password");

    // printed settings never show a password
    String rendered = ConfigRenderer.toYaml(cfg);
    assertThat(rendered)
        .contains("protocol: SASL_SSL")
        .contains("username: flow-jobs")
        .doesNotContain(password)
        .doesNotContain(trustPassword);
    assertThat(cfg.kafka().toString()).doesNotContain(password).doesNotContain(trustPassword);
  }

  @Test
  void mutualTlsAddsTheKeystoreAndNoneTurnsHostCheckingOff() {
    String keyPass = randomPassword();
    NqflowConfig cfg =
        load(
            """
            kafka:
              security:
                protocol: SSL
                truststore_path: /etc/ca.jks
                truststore_type: JKS
                keystore_path: /etc/client.p12
                keystore_password: ${KEY_PASS}
                ssl_endpoint_identification: none
            """,
            Map.of("KEY_PASS", keyPass));
    Properties p = cfg.kafka().clientProperties();
    assertThat(p)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.type", "JKS")
        .containsEntry("ssl.keystore.location", "/etc/client.p12")
        .containsEntry("ssl.keystore.password", keyPass)
        .containsEntry("ssl.key.password", keyPass)
        .containsEntry("ssl.endpoint.identification.algorithm", "")
        .doesNotContainKeys("sasl.mechanism", "sasl.jaas.config", "ssl.truststore.password");
  }

  @Test
  void quotesInAPasswordAreEscapedInTheJaasLine() {
    KafkaSecurity s =
        KafkaSecurity.saslSsl(
            KafkaSecurity.SaslMechanism.SCRAM_SHA_512,
            "u",
            Secret.of("a\"b\\c"),
            "/t.p12",
            Secret.absent());
    assertThat(KafkaClientProperties.security(s).get("sasl.jaas.config"))
        .isEqualTo(
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"u\" password=\"a\\\"b\\\\c\";");
    assertThat(KafkaClientProperties.security(s).get("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
  }

  @Test
  void saslSslWithoutTruststoreOrCredentialsNamesEachMissingKey() {
    List<ConfigError> errors =
        errorsOf(
            """
            kafka:
              security:
                protocol: SASL_SSL
                password: ${KAFKA_PASSWORD}
            """,
            Map.of());
    assertThat(errors)
        .extracting(ConfigError::keyPath)
        .containsExactlyInAnyOrder(
            "kafka.security.username", "kafka.security.password", "kafka.security.truststore_path");
    assertThat(errors)
        .filteredOn(e -> e.keyPath().equals("kafka.security.password"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("${KAFKA_PASSWORD} has no value"));
    assertThat(errors)
        .filteredOn(e -> e.keyPath().equals("kafka.security.truststore_path"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("required with TLS"));
  }

  @Test
  void literalPasswordAndUnknownValuesAreRejected() {
    List<ConfigError> errors =
        errorsOf(
            """
            kafka:
              security:
                protocol: SASL_SSL
                sasl_mechanism: PLAIN
                username: u
                password: hunter2
                truststore_path: /t.p12
                truststore_type: PEM
                ssl_endpoint_identification: off
            """,
            Map.of());
    assertThat(errors)
        .extracting(ConfigError::keyPath)
        .contains(
            "kafka.security.sasl_mechanism",
            "kafka.security.password",
            "kafka.security.truststore_type",
            "kafka.security.ssl_endpoint_identification");
    assertThat(errors.toString()).doesNotContain("hunter2");
  }

  @Test
  void credentialsOrStoresWithoutTheProtocolThatUsesThemAreErrors() {
    List<ConfigError> errors =
        errorsOf(
            """
            kafka:
              security:
                username: someone
                truststore_path: /t.p12
            """,
            Map.of());
    assertThat(errors)
        .extracting(ConfigError::keyPath)
        .containsExactlyInAnyOrder("kafka.security.username", "kafka.security.truststore_path");
    assertThat(errors.get(0).reason()).contains("PLAINTEXT");
  }

  @Test
  void keystoreNeedsItsPassword() {
    List<ConfigError> errors =
        errorsOf(
            """
            kafka:
              security:
                protocol: SSL
                truststore_path: /t.p12
                keystore_path: /k.p12
            """,
            Map.of());
    assertThat(errors)
        .extracting(ConfigError::keyPath)
        .containsExactly("kafka.security.keystore_password");
  }
}
