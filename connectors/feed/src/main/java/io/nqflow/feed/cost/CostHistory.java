package io.nqflow.feed.cost;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Reads back the data spend already on {@code ops.costs}, so a restarted feed keeps its budget. */
public final class CostHistory {
  private CostHistory() {}

  /**
   * Every cost event on {@code ops.costs} (a small, low-rate topic).
   *
   * @throws TimeoutException when the topic cannot be read to its end within {@code timeout}
   */
  public static List<CostEvent> read(String bootstrapServers, Duration timeout)
      throws TimeoutException {
    return read(KafkaConfig.plaintext(bootstrapServers), timeout);
  }

  /**
   * Every cost event of {@code ops.costs}, with the brokers and TLS/SASL settings of {@code kafka}.
   */
  public static List<CostEvent> read(KafkaConfig kafka, Duration timeout) throws TimeoutException {
    return new TopicReader(kafka).values(Topics.COSTS, timeout);
  }
}
