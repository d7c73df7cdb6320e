package io.nqflow.execution;

import io.nqflow.md.v1.MarketEvent;
import io.nqflow.schemas.MessageFormatException;
import io.nqflow.schemas.Topics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The event clock's hold on md.events: market events are read into a small buffer per partition and
 * not applied until the run declares the end of its input ({@link #open}); then they are handed out
 * merged across partitions in event-time order (ties: lower partition first, then offset), so the
 * paper market sees the same sequence whatever the replay speed. Memory stays bounded: a partition
 * whose buffer holds {@code capacity} events is paused at the consumer (Kafka keeps the rest) and
 * resumed when its buffer is half empty.
 *
 * <p>Once every partition has been handed out up to the end offsets given at {@link #open}, later
 * events (new data in a serving stack) pass through as they arrive, merged the same way among the
 * buffered ones. Not thread-safe: the service loop only.
 */
final class MarketHold {
  /** One md.events record: its decoded event, or why it could not be decoded. */
  record Held(ConsumerRecord<byte[], byte[]> record, MarketEvent event, String error) {
    long ts() {
      return event == null ? Long.MIN_VALUE : event.getTsEvent();
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, ArrayDeque<Held>> buffers = new HashMap<>();
  private final int capacity;
  private final List<TopicPartition> paused = new ArrayList<>();
  private Map<TopicPartition, Long> end;

  /**
   * @param consumer the consumer assigned to {@code partitions} (among others)
   * @param partitions the md.events partitions
   * @param capacity events buffered per partition before it is paused (at least 2)
   */
  MarketHold(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("market hold capacity must be >= 2, got " + capacity);
    }
    this.consumer = consumer;
    this.partitions =
        partitions.stream().sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    this.capacity = capacity;
    this.partitions.forEach(tp -> buffers.put(tp, new ArrayDeque<>()));
  }

  /** Buffers one md.events record; pauses its partition when the buffer is full. */
  void add(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    ArrayDeque<Held> buffer = buffers.get(tp);
    if (buffer == null) {
      throw new IllegalStateException("md.events record from unassigned partition " + tp);
    }
    buffer.add(decode(r));
    if (buffer.size() >= capacity && !paused.contains(tp)) {
      consumer.pause(List.of(tp));
      paused.add(tp);
    }
  }

  private static Held decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      MarketEvent e = Topics.MARKET_EVENTS.deserializeValue(r.value());
      if (e == null) {
        return new Held(r, null, "empty value on md.events");
      }
      return new Held(r, e, null);
    } catch (MessageFormatException ex) {
      return new Held(r, null, ex.getMessage());
    }
  }

  /**
   * Ends the hold: every market event up to {@code endOffsets} (md.events end offsets when the
   * input ended) may now be applied, in event-time order.
   */
  void open(Map<TopicPartition, Long> endOffsets) {
    this.end = Map.copyOf(endOffsets);
  }

  /** Whether the hold has ended. */
  boolean isOpen() {
    return end != null;
  }

  /**
   * The next event in event-time order, or null when none may be applied yet: the hold has not
   * ended, or a partition that has not been read to its end offset has nothing buffered (it is read
   * first, so that no earlier event of it is overtaken).
   */
  Held next() {
    if (end == null) {
      return null;
    }
    TopicPartition best = null;
    long bestTs = 0;
    for (TopicPartition tp : partitions) {
      ArrayDeque<Held> buffer = buffers.get(tp);
      if (buffer.isEmpty()) {
        if (consumer.position(tp) < end.getOrDefault(tp, 0L)) {
          resume(tp);
          return null;
        }
        continue;
      }
      long ts = buffer.peek().ts();
      if (best == null || ts < bestTs) {
        best = tp;
        bestTs = ts;
      }
    }
    if (best == null) {
      return null;
    }
    ArrayDeque<Held> buffer = buffers.get(best);
    Held h = buffer.poll();
    if (buffer.size() <= capacity / 2) {
      resume(best);
    }
    return h;
  }

  private void resume(TopicPartition tp) {
    if (paused.remove(tp)) {
      consumer.resume(List.of(tp));
    }
  }

  /** Whether the hold has ended and every buffered event has been handed out. */
  boolean idle() {
    return end != null && buffers.values().stream().allMatch(ArrayDeque::isEmpty);
  }

  /** Events buffered now (all partitions). */
  int buffered() {
    return buffers.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}
