package io.nqflow.jobs.common;

import io.nqflow.core.time.EpochNanos;
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
    try {
      if (raw.value == null) {
        throw new MessageFormatException(
            "null value (tombstone) where a message was expected", null);
      }
      out.collect(topic.deserializeValue(raw.value));
    } catch (MessageFormatException e) {
      deadLetters.inc();
      ctx.output(
          DeadLetters.TAG,
          DeadLetters.of(
              topic.name(), stage, e.getMessage(), raw.value, raw.position(), EpochNanos.now()));
    }
  }
}
