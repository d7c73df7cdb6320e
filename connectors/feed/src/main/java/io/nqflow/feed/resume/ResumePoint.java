package io.nqflow.feed.resume;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.kafka.TopicSerdes;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * What {@code md.events} already holds of a feed's sources, per partition: the largest ts_event in
 * the partition's tail and the identity of the events at that ts_event. Events are keyed by
 * instrument and each source publishes in event-time order, so an event of a partition whose
 * ts_event lies below that mark was published before the restart; one at the mark was if it is one
 * of the events seen there (one venue message yields several records with the same ts_event).
 */
public final class ResumePoint {
  /** Records read from the end of each partition. */
  public static final int TAIL = 4096;

  private static final Serializer<Long> KEYS = TopicSerdes.keySerializer(Topics.MARKET_EVENTS);

  private final long[] maxTs;
  private final List<Set<List<Object>>> atMax;

  private ResumePoint(long[] maxTs, List<Set<List<Object>>> atMax) {
    this.maxTs = maxTs;
    this.atMax = atMax;
  }

  /** Nothing published yet: nothing is skipped. */
  public static ResumePoint empty() {
    return new ResumePoint(new long[0], List.of());
  }

  /** From events already known, on {@code partitions} partitions (tests). */
  public static ResumePoint of(int partitions, List<MarketEvent> published) {
    long[] max = new long[partitions];
    java.util.Arrays.fill(max, -1);
    List<Set<List<Object>>> at = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      at.add(new HashSet<>());
    }
    for (MarketEvent e : published) {
      int p = partition(e.getInstrumentId(), partitions);
      if (e.getTsEvent() > max[p]) {
        max[p] = e.getTsEvent();
        at.get(p).clear();
      }
      if (e.getTsEvent() == max[p]) {
        at.get(p).add(key(e));
      }
    }
    return new ResumePoint(max, at);
  }

  /**
   * Reads the tail of every partition of md.events, keeping the events of {@code sources} only (a
   * topic may hold other feeds' data).
   *
   * @throws TimeoutException when the tails cannot be read within {@code timeout}
   */
  public static ResumePoint read(String bootstrapServers, Set<String> sources, Duration timeout)
      throws TimeoutException {
    return read(KafkaConfig.plaintext(bootstrapServers), sources, timeout);
  }

  /**
   * Reads the tail of every partition of md.events as {@link #read(String, Set, Duration)} does,
   * with the brokers and TLS/SASL settings of {@code kafka}.
   *
   * @throws TimeoutException when the tails cannot be read within {@code timeout}
   */
  public static ResumePoint read(KafkaConfig kafka, Set<String> sources, Duration timeout)
      throws TimeoutException {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "nqflow-feed-resume-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<Long, MarketEvent> consumer =
        new KafkaConsumer<>(
            p,
            TopicSerdes.keyDeserializer(Topics.MARKET_EVENTS),
            TopicSerdes.valueDeserializer(Topics.MARKET_EVENTS))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(Topics.MARKET_EVENTS.name(), timeout).stream()
              .map(pi -> new TopicPartition(pi.topic(), pi.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .toList();
      consumer.assign(parts);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
      for (TopicPartition tp : parts) {
        consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - TAIL));
      }
      List<MarketEvent> ours = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("could not read the tail of md.events in " + timeout);
        }
        for (ConsumerRecord<Long, MarketEvent> r : consumer.poll(Duration.ofMillis(100))) {
          if (sources.contains(r.value().getSource())) {
            ours.add(r.value());
          }
        }
      }
      return of(parts.size(), ours);
    }
  }

  /** Whether md.events already holds {@code e} (so a restarted feed must not publish it again). */
  public boolean published(MarketEvent e) {
    if (maxTs.length == 0) {
      return false;
    }
    int p = partition(e.getInstrumentId(), maxTs.length);
    long m = maxTs[p];
    if (m < 0 || e.getTsEvent() > m) {
      return false;
    }
    return e.getTsEvent() < m || atMax.get(p).contains(key(e));
  }

  /**
   * The ts_event before which every partition is complete: where a restarted source may start (0
   * when a partition holds nothing of this feed yet, so no instrument may be skipped).
   */
  public long startTsEvent() {
    if (maxTs.length == 0) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    for (long m : maxTs) {
      if (m < 0) {
        return 0;
      }
      min = Math.min(min, m);
    }
    return min;
  }

  /** True when nothing of this feed was found. */
  public boolean isEmpty() {
    for (long m : maxTs) {
      if (m >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The producer's partition of an instrument: murmur2 of the serialized key, as Kafka does. */
  static int partition(long instrumentId, int partitions) {
    byte[] k = KEYS.serialize(Topics.MARKET_EVENTS.name(), instrumentId);
    return Utils.toPositive(Utils.murmur2(k)) % partitions;
  }

  private static List<Object> key(MarketEvent e) {
    return List.of(e.getInstrumentId(), e.getSequence(), e.getTsEvent(), e.getPayload());
  }

  @Override
  public String toString() {
    return "ResumePoint" + java.util.Arrays.toString(maxTs);
  }
}
