package io.nqflow.jobs.common;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.md.v1.MarketEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for market events: {@code ts_event} (ns) as Flink's millisecond timestamp, bounded
 * out-of-orderness and idleness from {@link JobSettings}. Ties inside a millisecond are broken by
 * {@code sequence} in the operators, which see events per instrument in Kafka order.
 */
public final class MarketEventTime {
  private MarketEventTime() {}

  public static WatermarkStrategy<MarketEvent> watermarks(JobSettings s) {
    return WatermarkStrategy.<MarketEvent>forBoundedOutOfOrderness(s.outOfOrderness())
        .withTimestampAssigner((e, previous) -> EpochNanos.toMillis(e.getTsEvent()))
        .withIdleness(s.idleness());
  }
}
