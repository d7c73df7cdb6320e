package io.nqflow.jobs.common;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.KafkaSecurity;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.Nullable;
import io.nqflow.core.config.RuntimeOnly;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * What every job needs to know about where it runs ({@code flink:}): Kafka, parallelism,
 * checkpoints, delivery, state and event-time settings. Each component declares its profile key.
 */
public record JobSettings(
    @Key("/kafka.bootstrap_servers") String bootstrapServers,
    @Doc("Default operator parallelism") int parallelism,
    @Doc(value = "Checkpoint interval; 0 disables checkpoints", unit = "duration")
        Duration checkpointInterval,
    @Doc(
            "Guarantee of the hot-path Kafka sinks: AT_LEAST_ONCE (ids deduplicated downstream) or"
                + " EXACTLY_ONCE (Kafka transactions, about one checkpoint interval of latency per"
                + " hop)")
        DeliveryGuarantee delivery,
    @Doc("Pass records between chained operators without copies") boolean objectReuse,
    @Doc(value = "Bounded out-of-orderness of the event-time watermarks", unit = "duration")
        Duration outOfOrderness,
    @Doc(
            value = "A source split without events for this long stops holding back the watermark",
            unit = "duration")
        Duration idleness,
    @RuntimeOnly boolean bounded,
    @Key("/variant") String variant,
    @Doc("State backend: HASHMAP (heap) or ROCKSDB (large state, production)")
        StateBackendKind stateBackend,
    @Nullable
        @Doc(
            "Checkpoint and savepoint directory URI; unset keeps Flink's default (file:// or s3://)")
        String savepointDir,
    @Doc(
            value =
                "Longest time a network buffer waits to fill before it is sent downstream: Flink's"
                    + " default 100 ms favours throughput; a few ms cuts event-to-signal latency",
            unit = "duration")
        Duration bufferTimeout,
    @Doc(
            value =
                "Watermark alignment of the Kafka sources: a reader whose watermark runs this far"
                    + " ahead of the slowest one pauses until it catches up, so that a replayed"
                    + " backlog does not pile events up in state waiting for the watermark; 0 turns"
                    + " alignment off",
            unit = "duration")
        Duration watermarkMaxDrift,
    @Key("/kafka.security") KafkaSecurity kafkaSecurity)
    implements Serializable {

  /** The {@code flink:} section of a profile. */
  public static final ConfigSection<JobSettings> SECTION =
      ConfigSection.of("flink", JobSettings.class, JobSettings::defaults);

  public JobSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    kafkaSecurity = kafkaSecurity == null ? KafkaSecurity.plaintext() : kafkaSecurity;
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(stateBackend, "stateBackend");
    if (parallelism < 1 || parallelism > 1024) {
      throw new IllegalArgumentException("parallelism must be in [1, 1024], got " + parallelism);
    }
    if (checkpointInterval != null && checkpointInterval.isNegative()) {
      throw new IllegalArgumentException("checkpoint_interval must not be negative");
    }
    if (outOfOrderness == null || outOfOrderness.isNegative()) {
      throw new IllegalArgumentException("out_of_orderness must be set and not negative");
    }
    if (idleness == null || idleness.isNegative() || idleness.isZero()) {
      throw new IllegalArgumentException("idleness must be a positive duration");
    }
    if (bufferTimeout == null || bufferTimeout.isNegative()) {
      throw new IllegalArgumentException("buffer_timeout must be set and not negative");
    }
    if (watermarkMaxDrift == null || watermarkMaxDrift.isNegative()) {
      throw new IllegalArgumentException("watermark_max_drift must be set and not negative");
    }
  }

  /** Job settings whose Kafka clients use PLAINTEXT. */
  public JobSettings(
      String bootstrapServers,
      int parallelism,
      Duration checkpointInterval,
      DeliveryGuarantee delivery,
      boolean objectReuse,
      Duration outOfOrderness,
      Duration idleness,
      boolean bounded,
      String variant,
      StateBackendKind stateBackend,
      String savepointDir,
      Duration bufferTimeout,
      Duration watermarkMaxDrift) {
    this(
        bootstrapServers,
        parallelism,
        checkpointInterval,
        delivery,
        objectReuse,
        outOfOrderness,
        idleness,
        bounded,
        variant,
        stateBackend,
        savepointDir,
        bufferTimeout,
        watermarkMaxDrift,
        KafkaSecurity.plaintext());
  }

  /** Job settings with the heap state backend and Flink's default checkpoint directory. */
  public JobSettings(
      String bootstrapServers,
      int parallelism,
      Duration checkpointInterval,
      DeliveryGuarantee delivery,
      boolean objectReuse,
      Duration outOfOrderness,
      Duration idleness,
      boolean bounded,
      String variant) {
    this(
        bootstrapServers,
        parallelism,
        checkpointInterval,
        delivery,
        objectReuse,
        outOfOrderness,
        idleness,
        bounded,
        variant,
        StateBackendKind.HASHMAP,
        null,
        DEFAULT_BUFFER_TIMEOUT,
        DEFAULT_MAX_DRIFT);
  }

  /** Flink's own default network buffer timeout. */
  private static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(100);

  /**
   * Ten seconds of market time: at replay speed a minute of market passes in about a second, so
   * readers pause briefly; live, readers never drift that far apart.
   */
  private static final Duration DEFAULT_MAX_DRIFT = Duration.ofSeconds(10);

  /** The defaults every profile starts from. */
  public static JobSettings defaults() {
    return new JobSettings(
        io.nqflow.core.config.KafkaConfig.defaults().bootstrapServers(),
        2,
        Duration.ofSeconds(10),
        DeliveryGuarantee.AT_LEAST_ONCE,
        true,
        Duration.ofMillis(200),
        // Long enough that a Kafka partition which starts late is not declared idle while the
        // others run ahead (its events would all arrive late); see docs/detection.md.
        Duration.ofSeconds(30),
        false,
        io.nqflow.core.config.NqflowConfig.defaults().variant(),
        StateBackendKind.HASHMAP,
        null,
        DEFAULT_BUFFER_TIMEOUT,
        DEFAULT_MAX_DRIFT);
  }

  /** Defaults for a local run against the given broker (tests, the local stack). */
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

  public JobSettings withBootstrapServers(String value) {
    return with(c -> c.bootstrapServers = value);
  }

  /** A copy whose Kafka clients use {@code value} (TLS/SASL). */
  public JobSettings withKafkaSecurity(KafkaSecurity value) {
    return with(c -> c.kafkaSecurity = value);
  }

  /**
   * The brokers and TLS/SASL settings of the job's Kafka sources and sinks; their client properties
   * come from {@link KafkaConfig#clientProperties()}.
   */
  public KafkaConfig kafka() {
    return KafkaConfig.plaintext(bootstrapServers).withSecurity(kafkaSecurity);
  }

  public JobSettings withBounded(boolean b) {
    return with(c -> c.bounded = b);
  }

  public JobSettings withVariant(String v) {
    return with(c -> c.variant = v);
  }

  public JobSettings withDelivery(DeliveryGuarantee d) {
    return with(c -> c.delivery = d);
  }

  /** A copy without checkpoints (benchmarks measure processing, not checkpointing). */
  public JobSettings withoutCheckpoints() {
    return with(c -> c.checkpointInterval = null);
  }

  public JobSettings withParallelism(int p) {
    return with(c -> c.parallelism = p);
  }

  private JobSettings with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The components of a copy being changed; every with-method goes through it. */
  private static final class Copy {
    String bootstrapServers;
    int parallelism;
    Duration checkpointInterval;
    DeliveryGuarantee delivery;
    boolean objectReuse;
    Duration outOfOrderness;
    Duration idleness;
    boolean bounded;
    String variant;
    StateBackendKind stateBackend;
    String savepointDir;
    Duration bufferTimeout;
    Duration watermarkMaxDrift;
    KafkaSecurity kafkaSecurity;

    Copy(JobSettings s) {
      bootstrapServers = s.bootstrapServers;
      parallelism = s.parallelism;
      checkpointInterval = s.checkpointInterval;
      delivery = s.delivery;
      objectReuse = s.objectReuse;
      outOfOrderness = s.outOfOrderness;
      idleness = s.idleness;
      bounded = s.bounded;
      variant = s.variant;
      stateBackend = s.stateBackend;
      savepointDir = s.savepointDir;
      bufferTimeout = s.bufferTimeout;
      watermarkMaxDrift = s.watermarkMaxDrift;
      kafkaSecurity = s.kafkaSecurity;
    }

    JobSettings build() {
      return new JobSettings(
          bootstrapServers,
          parallelism,
          checkpointInterval,
          delivery,
          objectReuse,
          outOfOrderness,
          idleness,
          bounded,
          variant,
          stateBackend,
          savepointDir,
          bufferTimeout,
          watermarkMaxDrift,
          kafkaSecurity);
    }
  }
}
