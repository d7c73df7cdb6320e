package io.nqflow.runner.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile's {@code kafka.security} reaches every component's Kafka clients: the Flink jobs'
 * settings, the execution service's settings and the operator tools (also with {@code
 * --bootstrap-servers}, which replaces only the brokers).
 */
class KafkaSecurityWiringTest {
  @TempDir Path dir;

  private static String randomPassword() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private String profile(Path passwordFile) {
    return """
        kafka:
          bootstrap_servers: kafka-a:9093
          security:
            protocol: SASL_SSL
            sasl_mechanism: SCRAM-SHA-256
            username: nqflow-prod
            password: ${file:%s}
            truststore_path: /etc/nqflow/ca.p12
        """
        .formatted(passwordFile);
  }

  @Test
  void jobsAndExecutionServiceGetTheProfilesSecurity() throws Exception {
    String password = randomPassword();
    Path pw = dir.resolve("pw");
    Files.writeString(pw, password);
    NqflowConfig cfg = ConfigLoader.fromYaml(profile(pw), dir, Map.of(), Sections.ALL);

    Properties expected = cfg.kafka().clientProperties();
    assertThat(expected)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("bootstrap.servers", "kafka-a:9093");
    assertThat(expected.getProperty("sasl.jaas.config")).contains(password);

    assertThat(cfg.section(JobSettings.SECTION).kafka().clientProperties()).isEqualTo(expected);
    assertThat(cfg.section(ExecutionSettings.SECTION).kafka().clientProperties())
        .isEqualTo(expected);
  }

  @Test
  void bootstrapServersOptionKeepsTheProfilesSecurity() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, randomPassword());
    Path file = dir.resolve("secured.yaml");
    Files.writeString(file, profile(pw));
    ProfileOptions profile = new ProfileOptions(file.toString());

    KafkaOptions fromProfile = new KafkaOptions();
    KafkaConfig k = fromProfile.config(profile);
    assertThat(k.bootstrapServers()).isEqualTo("kafka-a:9093");
    assertThat(k.clientProperties()).containsEntry("security.protocol", "SASL_SSL");

    KafkaOptions overridden = new KafkaOptions();
    overridden.bootstrapServers = "kafka-b:9093";
    KafkaConfig o = overridden.config(profile);
    assertThat(o.bootstrapServers()).isEqualTo("kafka-b:9093");
    assertThat(o.clientProperties())
        .containsEntry("bootstrap.servers", "kafka-b:9093")
        .containsEntry("security.protocol", "SASL_SSL");
  }
}
