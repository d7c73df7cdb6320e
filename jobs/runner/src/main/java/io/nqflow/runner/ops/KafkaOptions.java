package io.nqflow.runner.ops;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import picocli.CommandLine.Option;

/** {@code --bootstrap-servers}, falling back to the profile's {@code kafka.bootstrap_servers}. */
public final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,HOST:PORT]",
      description = "Kafka brokers. Default: the profile's kafka.bootstrap_servers.")
  String bootstrapServers;

  /** The brokers to use; loads the profile only when the option is absent. */
  public String resolve(ProfileOptions profile) {
    if (bootstrapServers != null) {
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("--bootstrap-servers is blank");
      }
      return bootstrapServers.trim();
    }
    return resolve(Sections.load(profile), profile.profile());
  }

  /**
   * The brokers and TLS/SASL settings to use: the profile's {@code kafka:} section, with its
   * brokers replaced by {@code --bootstrap-servers} when given. A profile that cannot be loaded is
   * an error unless {@code --bootstrap-servers} is given; the clients then use PLAINTEXT.
   */
  public KafkaConfig config(ProfileOptions profile) {
    if (bootstrapServers == null) {
      NqflowConfig cfg = Sections.load(profile);
      return cfg.kafka().withBootstrapServers(resolve(cfg, profile.profile()));
    }
    String brokers = resolve(profile);
    NqflowConfig cfg;
    try {
      cfg = Sections.load(profile);
    } catch (RuntimeException e) {
      return KafkaConfig.plaintext(brokers);
    }
    return cfg.kafka().withBootstrapServers(brokers);
  }

  /** The brokers to use, with an already loaded profile. */
  public String resolve(NqflowConfig cfg, String profileName) {
    if (bootstrapServers != null) {
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("--bootstrap-servers is blank");
      }
      return bootstrapServers.trim();
    }
    String fromProfile = cfg.kafka().bootstrapServers();
    if (fromProfile == null || fromProfile.isBlank()) {
      throw new IllegalArgumentException(
          "profile " + profileName + " names no kafka.bootstrap_servers; pass --bootstrap-servers");
    }
    return fromProfile.trim();
  }
}
