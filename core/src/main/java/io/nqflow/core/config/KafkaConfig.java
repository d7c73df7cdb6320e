package io.nqflow.core.config;

/** Kafka connection and topic settings ({@code kafka:}). */
public record KafkaConfig(
    @Doc("Comma-separated host:port list") String bootstrapServers,
    @Doc("Partitions per topic when nqflow creates topics") int partitions,
    @Doc("Replication factor when nqflow creates topics") int replicationFactor,
    @Doc("Prefix of every client.id and group.id nqflow uses") String clientIdPrefix)
    implements Validating {

  public static KafkaConfig defaults() {
    return new KafkaConfig("localhost:9092", 3, 1, "nqflow");
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
