package io.nqflow.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Trade;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** md.events watermarks: ts_event read from the bytes, and readers aligned by the settings. */
class RawEventTimeTest {
  @Test
  void readsTsEventFromTheWireBytes() {
    MarketEvent e =
        new MarketEvent(
            "replay",
            7L,
            1,
            1_767_621_600_123_456_789L,
            1L,
            3L,
            0,
            new Trade(1L, 1L, io.nqflow.common.v1.Side.BID, 0));
    byte[] bytes = Topics.MARKET_EVENTS.serializeValue(e);
    assertThat(RawEventTime.tsEventNanos(bytes, null)).isEqualTo(1_767_621_600_123_456_789L);
    assertThat(RawEventTime.tsEventNanos(new byte[] {1, 2, 3}, null)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void readersAreAlignedByTheConfiguredDrift() {
    JobSettings js = JobSettings.defaults();
    var alignment = RawEventTime.watermarks(js).getAlignmentParameters();
    assertThat(alignment.isEnabled()).isTrue();
    assertThat(alignment.getMaxAllowedWatermarkDrift())
        .isEqualTo(js.watermarkMaxDrift().toMillis())
        .isPositive();
    assertThat(alignment.getWatermarkGroup()).isEqualTo(RawEventTime.ALIGNMENT_GROUP);
  }

  @Test
  void zeroDriftTurnsAlignmentOff() {
    assertThat(RawEventTime.watermarks(withZeroDrift()).getAlignmentParameters().isEnabled())
        .isFalse();
  }

  private static JobSettings withZeroDrift() {
    JobSettings d = JobSettings.defaults();
    return new JobSettings(
        d.bootstrapServers(),
        d.parallelism(),
        d.checkpointInterval(),
        d.delivery(),
        d.objectReuse(),
        d.outOfOrderness(),
        d.idleness(),
        d.bounded(),
        d.variant(),
        d.stateBackend(),
        d.savepointDir(),
        d.bufferTimeout(),
        Duration.ZERO);
  }
}
