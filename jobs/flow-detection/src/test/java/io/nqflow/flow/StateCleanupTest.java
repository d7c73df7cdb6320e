package io.nqflow.flow;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Instrument;
import java.time.Duration;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** No keyed state is left behind for instruments that expired. */
class StateCleanupTest {
  static int keyedEntries(AbstractStreamOperatorTestHarness<?> h) {
    return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  private static Instrument expiringCall() {
    Instrument call = Fixtures.call(CALL_ID, 21_000);
    call.setExpiration(T0 + 60 * MINUTE);
    return call;
  }

  @Test
  void volumeRatioStateIsRemovedAfterTheInstrumentExpires() throws Exception {
    FlowDetectionSettings s =
        Fixtures.settings().toBuilder().retentionAfterExpiry(Duration.ofMinutes(30)).build();
    var h = VolumeRatioFunctionTest.harness(s);
    Instrument call = expiringCall();
    for (int k = 0; k < 40; k++) {
      OptionEvent e = Fixtures.optionTrade(call, T0 + k * MINUTE, k, Side.BID, 150, 10);
      h.processElement(e, e.tsEvent / 1_000_000);
    }
    h.watermark((T0 + 45 * MINUTE) / 1_000_000);
    assertThat(keyedEntries(h)).isPositive();

    h.watermark((T0 + 89 * MINUTE) / 1_000_000);
    assertThat(keyedEntries(h)).as("still inside the retention").isPositive();

    h.watermark((T0 + 91 * MINUTE) / 1_000_000);
    assertThat(keyedEntries(h)).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void routerStateIsRemovedAfterTheInstrumentExpires() throws Exception {
    var h = EventRouterTest.harness(Fixtures.settings());
    h.define(expiringCall());
    var e = Fixtures.trade(CALL_ID, T0, 1, Side.BID, 150, 5);
    h.processElement(e, T0 / 1_000_000);
    assertThat(keyedEntries(h)).isPositive();

    h.watermark((T0 + 121 * MINUTE) / 1_000_000);
    assertThat(keyedEntries(h)).as("only the definition is kept a day longer").isEqualTo(1);

    h.watermark((T0 + 121 * MINUTE + 24 * 60 * MINUTE) / 1_000_000);
    assertThat(keyedEntries(h)).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void dedupeStateEmptiesAfterTheCooldown() throws Exception {
    var h = SignalDeduplicatorTest.harness(Fixtures.settings());
    h.processElement(
        SignalDeduplicatorTest.signal("a", T0, io.nqflow.common.v1.Confidence.HIGH),
        T0 / 1_000_000);
    assertThat(h.numKeyedStateEntries()).isPositive();
    h.processWatermark((T0 + 6 * MINUTE) / 1_000_000);
    assertThat(h.numKeyedStateEntries()).isZero();
  }
}
