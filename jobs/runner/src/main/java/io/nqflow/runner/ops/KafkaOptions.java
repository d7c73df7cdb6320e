package io.nqflow.runner.ops;

import io.nqflow.runner.ProfileOptions;
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
    String fromProfile = profile.load().kafka().bootstrapServers();
    if (fromProfile == null || fromProfile.isBlank()) {
      throw new IllegalArgumentException(
          "profile " + profile.profile() + " names no kafka.bootstrap_servers; pass one");
    }
    return fromProfile;
  }
}
