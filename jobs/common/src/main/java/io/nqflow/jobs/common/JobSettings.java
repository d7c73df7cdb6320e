package io.nqflow.jobs.common;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * What every job needs to know about where it runs: Kafka, parallelism, checkpoints, delivery and
 * event-time settings. Built from the resolved profile by the runner.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param parallelism default operator parallelism
 * @param checkpointInterval checkpoint interval (null or zero disables checkpoints)
 * @param delivery sink guarantee on the hot path (AT_LEAST_ONCE by default, DESIGN §8)
 * @param objectReuse pass records between chained operators without copies
 * @param outOfOrderness bounded out-of-orderness of market events
 * @param idleness a source split with no events for this long stops holding back the watermark
 * @param bounded read the input topics up to their current end and stop (backtests, tests)
 * @param variant A/B variant name; part of consumer groups, transactional ids and signal ids
 */
public record JobSettings(
    String bootstrapServers,
    int parallelism,
    Duration checkpointInterval,
    DeliveryGuarantee delivery,
    boolean objectReuse,
    Duration outOfOrderness,
    Duration idleness,
    boolean bounded,
    String variant)
    implements Serializable {

  public JobSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(variant, "variant");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
  }

  /** Defaults for a local run against the given broker. */
  public static JobSettings local(String bootstrapServers) {
    return new JobSettings(
        bootstrapServers,
        2,
        Duration.ofSeconds(2),
        DeliveryGuarantee.AT_LEAST_ONCE,
        true,
        Duration.ofMillis(200),
        Duration.ofSeconds(60),
        false,
        "baseline");
  }

  public JobSettings withBounded(boolean b) {
    return new JobSettings(
        bootstrapServers,
        parallelism,
        checkpointInterval,
        delivery,
        objectReuse,
        outOfOrderness,
        idleness,
        b,
        variant);
  }

  public JobSettings withVariant(String v) {
    return new JobSettings(
        bootstrapServers,
        parallelism,
        checkpointInterval,
        delivery,
        objectReuse,
        outOfOrderness,
        idleness,
        bounded,
        v);
  }

  public JobSettings withDelivery(DeliveryGuarantee d) {
    return new JobSettings(
        bootstrapServers,
        parallelism,
        checkpointInterval,
        d,
        objectReuse,
        outOfOrderness,
        idleness,
        bounded,
        variant);
  }
}
