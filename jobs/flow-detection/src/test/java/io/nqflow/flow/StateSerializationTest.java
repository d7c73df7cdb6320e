package io.nqflow.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Keyed and broadcast state and the records between operators are POJOs, never Kryo. */
class StateSerializationTest {
  @Test
  void stateAndRecordTypesAreSerializedAsPojos() {
    for (Class<?> c :
        new Class<?>[] {
          OptionEvent.class,
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
    assertThat(FlowDetectionSettings.defaults().enabled("ladder")).isTrue();
  }
}
