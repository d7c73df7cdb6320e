package io.nqflow.jobs.common;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.MessageFormatException;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes a topic's Avro values; undecodable records go to {@link DeadLetters#TAG} with their raw
 * bytes and position, and are counted in {@code nqflow_dead_letters}.
 */
public final class DecodeFunction<V extends SpecificRecord> extends ProcessFunction<RawRecord, V> {
  private final String topicName;
  private final String stage;
  private transient Topic<?, V> topic;
  private transient Counter deadLetters;

  public DecodeFunction(Topic<?, V> topic, String stage) {
    this.topicName = topic.name();
    this.stage = stage;
  }

  @Override
  public void open(OpenContext ctx) {
    topic = Topics.byName(topicName);
    deadLetters =
        getRuntimeContext()
            .getMetricGroup()
            .addGroup("topic", topic.name())
            .counter("nqflow_dead_letters");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<V> out) {
    Decoded<V> d = decode(topic, stage, raw, EpochNanos.now());
    if (d.value() != null) {
      out.collect(d.value());
    } else {
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, d.deadLetter());
    }
  }

  /**
   * One record's value decoded as {@code topic}'s message, or the dead letter that replaces it:
   * exactly one of the two is set.
   */
  public record Decoded<V>(V value, DeadLetter deadLetter) {}

  /**
   * Decodes {@code raw}'s value as a message of {@code topic}; bytes that are not one (garbage,
   * another schema, truncated, a tombstone) become a dead letter naming the topic, the stage, the
   * reason and the record's position, with the raw bytes.
   */
  public static <V extends SpecificRecord> Decoded<V> decode(
      Topic<?, V> topic, String stage, RawRecord raw, long nowNanos) {
    try {
      if (raw.value == null) {
        throw new MessageFormatException(
            "null value (tombstone) where a message was expected", null);
      }
      return new Decoded<>(topic.deserializeValue(raw.value), null);
    } catch (MessageFormatException e) {
      return new Decoded<>(
          null,
          DeadLetters.of(topic.name(), stage, e.getMessage(), raw.value, raw.position(), nowNanos));
    }
  }
}
