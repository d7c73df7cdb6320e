package io.nqflow.core.audit;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.core.kafka.KafkaClientProperties;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Records each start of a component instance on ops.audit as a {@value #ACTION} event with its
 * masked configuration and the difference from the instance's previous start.
 *
 * <p>The event's key and entity id are {@code component/instance}; it is written to the partition
 * the key hashes to, so the previous record of an instance is found by reading that one partition
 * backwards from its end, {@value #CHUNK} records at a time, at most {@code scanLimit} records. The
 * cost of a start is therefore proportional to the audit written since the instance's previous
 * start, not to the topic's size. When the limit is reached without a previous record the diff says
 * so instead of claiming a first start.
 */
public final class ConfigAuditLog {
  /** The audit action of a recorded start. */
  public static final String ACTION = "CONFIG_APPLIED";

  /** The audit entity type of a recorded start. */
  public static final String ENTITY_TYPE = "config";

  /** Records read backwards per step. */
  public static final int CHUNK = 500;

  /** Default bound of the backward scan, records. */
  public static final int DEFAULT_SCAN_LIMIT = 1_000_000;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Properties client;
  private final int scanLimit;
  private final Clock clock;

  /**
   * @param client Kafka client properties (at least {@code bootstrap.servers}; security settings
   *     when the cluster needs them)
   * @param scanLimit most records of ops.audit read to find the previous start
   */
  public ConfigAuditLog(Properties client, int scanLimit, Clock clock) {
    if (client.getProperty(KafkaClientProperties.BOOTSTRAP_SERVERS) == null) {
      throw new IllegalArgumentException("config audit: bootstrap.servers is not set");
    }
    if (scanLimit < 1) {
      throw new IllegalArgumentException("config audit: scan limit must be >= 1, got " + scanLimit);
    }
    this.client = (Properties) client.clone();
    this.scanLimit = scanLimit;
    this.clock = clock;
  }

  /** A log on the cluster of {@code kafka} with the default scan bound and the system clock. */
  public static ConfigAuditLog forKafka(KafkaConfig kafka) {
    return new ConfigAuditLog(kafka.clientProperties(), DEFAULT_SCAN_LIMIT, Clock.systemUTC());
  }

  /** The key and entity id of an instance's records. */
  public static String entityId(String component, String instance) {
    return component + "/" + instance;
  }

  /**
   * Records a start: finds the previous record of {@code component/instance}, renders the
   * configuration with the previous record's fingerprint salt (a fresh one at the first start), and
   * appends the {@value #ACTION} event.
   *
   * @param snapshot renders the configuration with the given fingerprints
   * @param extra further details (e.g. {@link AuditDetails#JOB_ID})
   * @return the appended event
   * @throws ConfigAuditException when ops.audit cannot be read or written in time
   */
  public AuditEvent apply(
      String component,
      String instance,
      Function<SecretFingerprint, ConfigSnapshot> snapshot,
      Map<String, String> extra) {
    String entityId = entityId(component, instance);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      int partition = partitionFor(consumer, entityId);
      Previous prev = previous(consumer, entityId, partition);
      SecretFingerprint fp = fingerprints(prev);
      ConfigSnapshot snap = snapshot.apply(fp);
      AuditEvent event = event(component, instance, snap, prev, extra);
      try (KafkaProducer<String, AuditEvent> producer = producer()) {
        producer
            .send(new ProducerRecord<>(Topics.AUDIT.name(), partition, entityId, event))
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigAuditException("interrupted while recording the config of " + entityId, e);
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      throw new ConfigAuditException(
          "cannot record the config of " + entityId + " on " + Topics.AUDIT.name() + ": " + e, e);
    }
  }

  /**
   * The previous record of an instance, if one is found within the scan bound.
   *
   * @throws ConfigAuditException when ops.audit cannot be read in time
   */
  public Optional<AuditEvent> previous(String component, String instance) {
    String entityId = entityId(component, instance);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return previous(consumer, entityId, partitionFor(consumer, entityId)).event();
    } catch (TimeoutException e) {
      throw new ConfigAuditException("cannot read " + Topics.AUDIT.name() + ": " + e, e);
    }
  }

  /**
   * The previous record's fingerprints, so unchanged secrets print the same; fresh ones at the
   * first start or when the previous salt is unusable (then every secret shows as changed).
   */
  private static SecretFingerprint fingerprints(Previous prev) {
    String salt = prev.event().map(e -> e.getDetails().get(AuditDetails.CONFIG_SALT)).orElse(null);
    if (salt == null || salt.isEmpty()) {
      return SecretFingerprint.randomSalt();
    }
    try {
      return SecretFingerprint.withSalt(salt);
    } catch (IllegalArgumentException e) {
      return SecretFingerprint.randomSalt();
    }
  }

  private record Previous(Optional<AuditEvent> event, boolean complete, long scanned) {}

  private AuditEvent event(
      String component,
      String instance,
      ConfigSnapshot snap,
      Previous prev,
      Map<String, String> extra) {
    Instant now = clock.instant();
    long ts = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    String digest = snap.digest();
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.COMPONENT, component);
    d.put(AuditDetails.INSTANCE, instance);
    d.put(AuditDetails.CONFIG_DIGEST, digest);
    d.put(AuditDetails.CONFIG_SALT, snap.saltHex());
    d.put(AuditDetails.CONFIG, snap.canonical());
    String diff;
    String rationale;
    if (prev.event().isPresent()) {
      AuditEvent p = prev.event().get();
      List<ConfigDiff.Change> changes =
          ConfigDiff.between(
              ConfigSnapshot.parse(p.getDetails().getOrDefault(AuditDetails.CONFIG, "")),
              snap.entries());
      diff = ConfigDiff.text(changes);
      d.put(AuditDetails.PREVIOUS_CONFIG_DIGEST, p.getDetails().get(AuditDetails.CONFIG_DIGEST));
      d.put(AuditDetails.PREVIOUS_CONFIG_TS, Long.toString(p.getTs()));
      rationale =
          changes.isEmpty()
              ? "started with the configuration of its previous start"
              : "started with " + changes.size() + " configuration change(s)";
    } else if (prev.complete()) {
      diff = ConfigDiff.INITIAL;
      rationale = "first recorded start";
    } else {
      diff =
          "unknown: no earlier record of "
              + entityId(component, instance)
              + " in the newest "
              + prev.scanned()
              + " records of its partition";
      rationale = "started; the previous start was not found within the scan bound";
    }
    d.put(AuditDetails.CONFIG_DIFF, diff);
    d.putAll(extra);
    return AuditEvent.newBuilder()
        .setAuditId(Ids.of("aud", ENTITY_TYPE, entityId(component, instance), ts, digest))
        .setStage(component)
        .setEntityType(ENTITY_TYPE)
        .setEntityId(entityId(component, instance))
        .setAction(ACTION)
        .setTs(ts)
        .setRationale(component + " " + instance + " " + rationale)
        .setDetails(new LinkedHashMap<>(d))
        .build();
  }

  private KafkaProducer<String, AuditEvent> producer() {
    Properties p = (Properties) client.clone();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "nqflow-config-audit-" + UUID.randomUUID());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
    return new KafkaProducer<>(
        p, TopicSerdes.keySerializer(Topics.AUDIT), TopicSerdes.valueSerializer(Topics.AUDIT));
  }

  /** The partition the default partitioner gives {@code key} (murmur2 of its UTF-8 bytes). */
  private static int partitionFor(KafkaConsumer<byte[], byte[]> consumer, String key) {
    List<PartitionInfo> infos = consumer.partitionsFor(Topics.AUDIT.name(), TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new ConfigAuditException("topic " + Topics.AUDIT.name() + " does not exist", null);
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(bytes)) % infos.size();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = (Properties) client.clone();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "nqflow-config-audit-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(CHUNK));
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private Previous previous(KafkaConsumer<byte[], byte[]> consumer, String entityId, int partition)
      throws TimeoutException {
    TopicPartition tp = new TopicPartition(Topics.AUDIT.name(), partition);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    var valueDeserializer = TopicSerdes.valueDeserializer(Topics.AUDIT);
    consumer.assign(List.of(tp));
    long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
    long hi = consumer.endOffsets(List.of(tp)).get(tp);
    long scanned = 0;
    byte[] key = entityId.getBytes(StandardCharsets.UTF_8);
    while (hi > begin && scanned < scanLimit) {
      long lo = Math.max(begin, hi - Math.min(CHUNK, scanLimit - scanned));
      consumer.seek(tp, lo);
      AuditEvent found = null;
      while (consumer.position(tp) < hi) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "could not read " + tp + " back to offset " + lo + " in " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.offset() >= hi || r.key() == null || !Arrays.equals(r.key(), key)) {
            continue;
          }
          AuditEvent e;
          try {
            e = valueDeserializer.deserialize(r.topic(), r.value());
          } catch (RuntimeException bad) {
            continue; // not ours to judge here: the dead-letter path covers bad records
          }
          if (ACTION.equals(e.getAction()) && ENTITY_TYPE.equals(e.getEntityType())) {
            found = e;
          }
        }
      }
      scanned += hi - lo;
      if (found != null) {
        return new Previous(Optional.of(found), true, scanned);
      }
      hi = lo;
    }
    return new Previous(Optional.empty(), hi <= begin, scanned);
  }
}
