package io.nqflow.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Statistic;
import io.nqflow.md.v1.Status;
import io.nqflow.md.v1.Trade;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The md.events edge serializer round-trips every payload, back to back in one buffer. */
class MarketEventSerializerTest {
  private static final MarketEventSerializer S = MarketEventSerializer.INSTANCE;

  static List<MarketEvent> events() {
    return List.of(
        event(1, new Mbo(77L, Action.ADD, Side.BID, 1_250_000_000L, 3L, 9)),
        event(2, new Trade(1_300_000_000L, 5L, Side.ASK, 1)),
        event(
            3,
            new Quote(
                List.of(
                    new BookLevel(1_000_000_000L, null, 4L, 0L, 2, 0),
                    new BookLevel(null, 2_000_000_000L, 0L, 7L, 0, 3)))),
        event(4, new Statistic(9, null, 1200L, 5L, 1, 0)),
        event(5, new Status(7, 0, 0, true, null, false)));
  }

  private static MarketEvent event(long seq, Object payload) {
    return new MarketEvent(
        "replay", 42L + seq, 1, 1_700_000_000_000_000_000L + seq, 1L, seq, 128, payload);
  }

  @Test
  void roundTripsEveryPayloadBackToBack() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (MarketEvent e : events()) {
      S.serialize(e, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (MarketEvent e : events()) {
      assertThat(S.deserialize(in)).isEqualTo(e);
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void copiesBytesAndRecords() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (MarketEvent e : events()) {
      S.serialize(e, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    DataOutputSerializer copied = new DataOutputSerializer(64);
    for (int i = 0; i < events().size(); i++) {
      S.copy(in, copied);
    }
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    for (MarketEvent e : events()) {
      MarketEvent c = S.copy(e);
      assertThat(c).isEqualTo(e).isNotSameAs(e);
    }
  }

  @Test
  void snapshotRestoresTheSameSerializer() {
    var snapshot = S.snapshotConfiguration();
    assertThat(snapshot.restoreSerializer()).isSameAs(S);
    assertThat(S.snapshotConfiguration().resolveSchemaCompatibility(snapshot).isCompatibleAsIs())
        .isTrue();
    assertThat(MarketEventSerializer.TYPE.createSerializer(null)).isSameAs(S);
  }
}
