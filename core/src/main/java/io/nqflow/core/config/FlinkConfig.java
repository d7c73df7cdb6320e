package io.nqflow.core.config;

import java.time.Duration;

/**
 * Flink job settings ({@code flink:}).
 *
 * @param parallelism default operator parallelism
 * @param checkpointInterval checkpoint interval
 * @param stateBackend state backend
 * @param objectReuse whether Flink may reuse objects between chained operators
 * @param delivery delivery guarantee of the hot-path Kafka sinks
 * @param savepointDir savepoint / checkpoint directory URI; null keeps Flink's default
 * @param idleness a source split without events for this long stops holding back watermarks
 * @param outOfOrderness bounded out-of-orderness of the event-time watermarks
 */
public record FlinkConfig(
    int parallelism,
    Duration checkpointInterval,
    StateBackendKind stateBackend,
    boolean objectReuse,
    Delivery delivery,
    @Nullable String savepointDir,
    Duration idleness,
    Duration outOfOrderness)
    implements Validating {

  public static FlinkConfig defaults() {
    return new FlinkConfig(
        2,
        Duration.ofSeconds(10),
        StateBackendKind.HASHMAP,
        true,
        Delivery.AT_LEAST_ONCE,
        null,
        // Long enough that a Kafka partition which starts late is not declared idle while the
        // others run ahead (its events would all arrive late); see docs/detection.md.
        Duration.ofSeconds(30),
        Duration.ofMillis(200));
  }

  @Override
  public void validate(Checks c) {
    c.range("parallelism", parallelism, 1, 1024);
    c.atLeast("checkpoint_interval", checkpointInterval, Duration.ofMillis(100));
    c.notBlank("savepoint_dir", savepointDir);
    c.positive("idleness", idleness);
    c.atLeast("out_of_orderness", outOfOrderness, Duration.ZERO);
  }
}
