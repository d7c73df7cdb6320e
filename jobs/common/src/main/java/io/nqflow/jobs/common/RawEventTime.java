package io.nqflow.jobs.common;

import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of md.events records read straight from their bytes, so that the Kafka source can keep
 * one watermark per partition (a slow partition then never makes a fast one's events late). The
 * {@code ts_event} field is read from the single-object encoded {@code MarketEvent} without
 * decoding the rest: 10 header bytes, then {@code source} (string), {@code instrument_id} (long),
 * {@code publisher_id} (int), {@code ts_event} (long). Bytes that do not parse keep the Kafka
 * record timestamp; the decoder dead-letters them right after.
 */
public final class RawEventTime {
  private static final int HEADER = 10;

  /** The md.events sources of one job align their watermarks with each other. */
  static final String ALIGNMENT_GROUP = "md.events";

  /** How often readers report their watermark and learn whether to pause (wall time). */
  private static final java.time.Duration ALIGNMENT_UPDATE = java.time.Duration.ofMillis(100);

  private RawEventTime() {}

  public static WatermarkStrategy<RawRecord> watermarks(JobSettings s) {
    WatermarkStrategy<RawRecord> w =
        WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(s.outOfOrderness())
            .withTimestampAssigner((TimestampAssignerSupplier<RawRecord>) ctx -> new Assigner())
            .withIdleness(s.idleness());
    // Without alignment a reader with fewer partitions runs ahead through a backlog, and every
    // event it reads waits in the detectors' state for the slowest reader's watermark (hundreds
    // of MB on a full-session replay, copied on every checkpoint).
    return s.watermarkMaxDrift().isZero()
        ? w
        : w.withWatermarkAlignment(ALIGNMENT_GROUP, s.watermarkMaxDrift(), ALIGNMENT_UPDATE);
  }

  /** {@code ts_event} in ns, or {@code Long.MIN_VALUE} when the bytes do not hold one. */
  public static long tsEventNanos(byte[] value, BinaryDecoder reuse) {
    if (value == null || value.length <= HEADER) {
      return Long.MIN_VALUE;
    }
    try {
      BinaryDecoder d =
          DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, reuse);
      d.skipString();
      d.readLong();
      d.readInt();
      return d.readLong();
    } catch (IOException | RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static final class Assigner implements TimestampAssigner<RawRecord> {
    private BinaryDecoder reuse;

    @Override
    public long extractTimestamp(RawRecord r, long recordTimestamp) {
      long ns = tsEventNanos(r.value, reuse);
      return ns == Long.MIN_VALUE ? recordTimestamp : Math.floorDiv(ns, 1_000_000L);
    }
  }
}
