package io.nqflow.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class OptionEventSerializerTest {
  private final OptionEventSerializer serializer = OptionEventSerializer.INSTANCE;

  private static OptionEvent random(Random r, boolean nulls) {
    OptionEvent e = new OptionEvent();
    e.instrumentId = r.nextLong();
    e.rawSymbol = nulls ? null : "NQH6 C" + r.nextInt(30_000);
    e.underlying = nulls ? null : "NQH6";
    InstrumentClass[] classes = InstrumentClass.values();
    e.instrumentClass = nulls ? null : classes[r.nextInt(classes.length)];
    e.strike = r.nextLong();
    e.expiration = r.nextLong();
    e.multiplier = r.nextLong();
    e.tsEvent = r.nextLong();
    e.tsRecv = r.nextLong();
    e.sequence = r.nextLong();
    e.kind = nulls ? null : EventKind.values()[r.nextInt(EventKind.values().length)];
    e.side = nulls ? null : Side.values()[r.nextInt(Side.values().length)];
    e.price = r.nextLong();
    e.size = r.nextLong();
    e.orderId = r.nextLong();
    e.depth = r.nextInt();
    e.recentBuy = r.nextLong();
    e.recentSell = r.nextLong();
    return e;
  }

  @Test
  void everyFieldSurvivesARoundTripAndACopy() throws Exception {
    Random r = new Random(7);
    DataOutputSerializer out = new DataOutputSerializer(256);
    for (int i = 0; i < 500; i++) {
      OptionEvent e = random(r, i % 10 == 0);
      out.clear();
      serializer.serialize(e, out);
      OptionEvent back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back).usingRecursiveComparison().isEqualTo(e);
      assertThat(serializer.copy(e)).usingRecursiveComparison().isEqualTo(e).isNotSameAs(e);
      OptionEvent reused = serializer.createInstance();
      assertThat(serializer.deserialize(reused, new DataInputDeserializer(out.getCopyOfBuffer())))
          .isSameAs(reused)
          .usingRecursiveComparison()
          .isEqualTo(e);
    }
  }

  @Test
  void isWhatFlinkUsesForOptionEventsAndRestoresFromItsSnapshot() throws Exception {
    assertThat(TypeInformation.of(OptionEvent.class))
        .isInstanceOf(OptionEventSerializer.Info.class);
    TypeSerializerSnapshot<OptionEvent> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    snapshot.writeSnapshot(out);
    OptionEventSerializer.Snapshot read = new OptionEventSerializer.Snapshot();
    read.readSnapshot(
        snapshot.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(serializer);
    assertThat(
            serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
        .isTrue();
  }
}
