package io.nqflow.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Keyed and broadcast state and the records between operators are POJOs or have their own
 * serializer, never Kryo.
 */
class StateSerializationTest {
  @Test
  void stateAndRecordTypesAreSerializedAsPojos() {
    for (Class<?> c :
        new Class<?>[] {
          UnderlyingPrice.class,
          UnderlyingHistory.class,
          SessionVolume.class,
          WindowSlices.class,
          BucketHistory.class,
          PressureState.class,
          PressureSlices.class,
          SweepGroup.class
        }) {
      PojoTestUtils.assertSerializedAsPojoWithoutKryo(c);
    }
    // The hot record has its own compact serializer (OptionEventSerializerTest), not Kryo.
    assertThat(TypeInformation.of(OptionEvent.class))
        .isInstanceOf(OptionEventSerializer.Info.class);
    assertThat(Fixtures.settings().enabled("ladder")).isTrue();
  }
}
