package io.nqflow.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Keyed and broadcast state and the records between operators are POJOs or have their own
 * serializer, never Kryo; and the class names a savepoint records stay where they were.
 */
class StateSerializationTest {
  private static final List<Class<?>> STATE_POJOS =
      List.of(
          UnderlyingPrice.class,
          UnderlyingHistory.class,
          SessionVolume.class,
          WindowSlices.class,
          BucketHistory.class,
          PressureState.class,
          PressureSlices.class,
          SweepGroup.class,
          AccumulationRun.class,
          AccumulationActivity.class,
          IcebergRuns.class,
          LadderRuns.class,
          HeldSignal.class,
          FuturesPrints.class,
          OptionPrints.class,
          IcebergMarks.class);

  @Test
  void stateAndRecordTypesAreSerializedAsPojos() {
    for (Class<?> c : STATE_POJOS) {
      PojoTestUtils.assertSerializedAsPojoWithoutKryo(c);
    }
    // The hot record has its own compact serializer (OptionEventSerializerTest), not Kryo.
    assertThat(TypeInformation.of(OptionEvent.class))
        .isInstanceOf(OptionEventSerializer.Info.class);
    assertThat(Fixtures.settings().enabled("ladder")).isTrue();
  }

  /**
   * A POJO serializer's snapshot names the POJO class and the compact serializer's snapshot names
   * its own class: a savepoint taken before a class moved could not be restored after.
   */
  @Test
  void classNamesRecordedInSavepointsDoNotMove() throws Exception {
    assertThat(STATE_POJOS.stream().map(Class::getName))
        .containsExactly(
            "io.nqflow.flow.UnderlyingPrice",
            "io.nqflow.flow.UnderlyingHistory",
            "io.nqflow.flow.SessionVolume",
            "io.nqflow.flow.WindowSlices",
            "io.nqflow.flow.BucketHistory",
            "io.nqflow.flow.PressureState",
            "io.nqflow.flow.PressureSlices",
            "io.nqflow.flow.SweepGroup",
            "io.nqflow.flow.AccumulationRun",
            "io.nqflow.flow.AccumulationActivity",
            "io.nqflow.flow.IcebergRuns",
            "io.nqflow.flow.LadderRuns",
            "io.nqflow.flow.HeldSignal",
            "io.nqflow.flow.FuturesPrints",
            "io.nqflow.flow.OptionPrints",
            "io.nqflow.flow.IcebergMarks");

    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(
        out, OptionEventSerializer.INSTANCE.snapshotConfiguration());
    String written =
        new String(out.getCopyOfBuffer(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(written).contains("io.nqflow.flow.OptionEventSerializer$Snapshot");
    TypeSerializerSnapshot<OptionEvent> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(OptionEventSerializer.INSTANCE);

    for (Class<?> c : STATE_POJOS) {
      DataOutputSerializer pojo = new DataOutputSerializer(256);
      TypeSerializerSnapshot.writeVersionedSnapshot(
          pojo,
          TypeInformation.of(c)
              .createSerializer(new SerializerConfigImpl())
              .snapshotConfiguration());
      assertThat(new String(pojo.getCopyOfBuffer(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .as("the snapshot of %s names it", c.getSimpleName())
          .contains(c.getName());
    }
  }
}
