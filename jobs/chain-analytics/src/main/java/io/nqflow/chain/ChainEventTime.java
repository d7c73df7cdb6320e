package io.nqflow.chain;

import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.RawRecord;
import java.io.IOException;
import java.time.Duration;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the md.events records at the Kafka source, before decoding, so the source keeps one
 * watermark per partition: {@code ts_event} (ns) is read from the single-object encoded {@code
 * MarketEvent} (a 10-byte header, then {@code source} string, {@code instrument_id} long, {@code
 * publisher_id} int, {@code ts_event} long) and becomes the millisecond timestamp. Bytes that do
 * not parse keep the Kafka record's timestamp; the decoder dead-letters them right after.
 */
final class ChainEventTime {
  private static final int HEADER = 10;
  private static final String ALIGNMENT_GROUP = "md.events";
  private static final Duration ALIGNMENT_UPDATE = Duration.ofMillis(100);

  private ChainEventTime() {}

  /** Bounded out-of-orderness, idleness and (unless 0) watermark alignment from the settings. */
  static WatermarkStrategy<RawRecord> watermarks(JobSettings s) {
    WatermarkStrategy<RawRecord> w =
        WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(s.outOfOrderness())
            .withTimestampAssigner((TimestampAssignerSupplier<RawRecord>) ctx -> new Assigner())
            .withIdleness(s.idleness());
    return s.watermarkMaxDrift().isZero()
        ? w
        : w.withWatermarkAlignment(ALIGNMENT_GROUP, s.watermarkMaxDrift(), ALIGNMENT_UPDATE);
  }

  /** {@code ts_event} in ns, or {@code Long.MIN_VALUE} when the bytes hold none. */
  static long tsEventNanos(byte[] value) {
    if (value == null || value.length <= HEADER) {
      return Long.MIN_VALUE;
    }
    try {
      BinaryDecoder d =
          DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null);
      d.skipString();
      d.readLong();
      d.readInt();
      return d.readLong();
    } catch (IOException | RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static final class Assigner implements TimestampAssigner<RawRecord> {
    @Override
    public long extractTimestamp(RawRecord r, long recordTimestamp) {
      long ns = tsEventNanos(r.value);
      return ns == Long.MIN_VALUE ? recordTimestamp : Math.floorDiv(ns, 1_000_000L);
    }
  }
}
