package io.nqflow.jobs.common;

import io.nqflow.core.ids.Ids;
import io.nqflow.ops.v1.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * The dead-letter side output every job uses (docs/design.md §8: nothing bad is dropped silently).
 */
public final class DeadLetters {
  private DeadLetters() {}

  public static final OutputTag<DeadLetter> TAG =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  public static DeadLetter of(
      String source, String stage, String reason, byte[] raw, String position, long nowNanos) {
    byte[] bytes = raw == null ? new byte[0] : raw;
    return DeadLetter.newBuilder()
        .setDeadLetterId(Ids.of("dl", source, stage, position, reason))
        .setSource(source)
        .setStage(stage)
        .setReason(reason)
        .setRaw(ByteBuffer.wrap(bytes))
        .setPosition(position)
        .setTs(nowNanos)
        .build();
  }
}
