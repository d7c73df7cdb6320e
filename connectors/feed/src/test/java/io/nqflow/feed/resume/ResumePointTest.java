package io.nqflow.feed.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumePointTest {
  private static final long T0 = 1_700_000_000_000_000_000L;

  private static MarketEvent mbo(long instrument, long ts, long orderId) {
    return MarketEvent.newBuilder()
        .setSource("live")
        .setInstrumentId(instrument)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts + 500)
        .setSequence(ts - T0)
        .setFlags(0)
        .setPayload(new Mbo(orderId, Action.FILL, Side.BID, 5_000_000_000L, 1L, 1))
        .build();
  }

  /** Two instruments that land on different partitions of two. */
  private static long[] twoPartitions() {
    long a = 1;
    long b = 2;
    while (ResumePoint.partition(b, 2) == ResumePoint.partition(a, 2)) {
      b++;
    }
    return new long[] {a, b};
  }

  @Test
  void skipsWhatAPartitionHoldsAndKeepsTheRestOfAMessageCutAtTheMark() {
    long[] ids = twoPartitions();
    long a = ids[0];
    long b = ids[1];
    ResumePoint p =
        ResumePoint.of(
            2,
            List.of(
                mbo(a, T0 + 10, 1),
                mbo(a, T0 + 20, 2),
                // the restart cut a venue message: one of its two records is on the topic
                mbo(a, T0 + 30, 3),
                mbo(b, T0 + 15, 4)));

    assertThat(p.published(mbo(a, T0 + 10, 1))).isTrue();
    assertThat(p.published(mbo(a, T0 + 25, 99))).as("before the mark").isTrue();
    assertThat(p.published(mbo(a, T0 + 30, 3))).isTrue();
    assertThat(p.published(mbo(a, T0 + 30, 5))).as("the rest of the cut message").isFalse();
    assertThat(p.published(mbo(a, T0 + 31, 6))).isFalse();
    // Partition of b has its own mark.
    assertThat(p.published(mbo(b, T0 + 15, 4))).isTrue();
    assertThat(p.published(mbo(b, T0 + 20, 7))).isFalse();
    assertThat(p.startTsEvent()).isEqualTo(T0 + 15);
  }

  @Test
  void aPartitionWithoutDataOfTheFeedMeansNoSourceMayStartLate() {
    long[] ids = twoPartitions();
    ResumePoint p = ResumePoint.of(2, List.of(mbo(ids[0], T0 + 10, 1)));
    assertThat(p.startTsEvent()).isZero();
    assertThat(p.published(mbo(ids[1], T0 + 5, 2))).isFalse();
    assertThat(ResumePoint.empty().published(mbo(ids[0], T0, 1))).isFalse();
    assertThat(ResumePoint.empty().isEmpty()).isTrue();
  }
}
