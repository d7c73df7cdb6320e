package io.nqflow.flow.ifd;

import static io.nqflow.flow.Fixtures.CALL_ID;
import static io.nqflow.flow.Fixtures.DAY;
import static io.nqflow.flow.Fixtures.MINUTE;
import static io.nqflow.flow.Fixtures.T0;
import static io.nqflow.flow.Fixtures.UNDERLYING;
import static io.nqflow.flow.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.Fixtures;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.md.v1.Instrument;
import io.nqflow.signals.v1.FlowSignal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Baselines survive a savepoint: state written by one version of the detector is restored by a
 * changed one (a new threshold) and keeps working.
 */
class SavepointRestoreTest {
  private static final Instrument CALL = Fixtures.call(CALL_ID, 21_000);

  static KeyedBroadcastOperatorTestHarness<Long, OptionEvent, UnderlyingPrice, FlowSignal> harness(
      FlowDetectionSettings s) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new VolumeRatioFunction(s), List.of(AlignedDetector.UNDERLYING)),
        e -> e.instrumentId,
        Types.LONG,
        1,
        1,
        0);
  }

  @Test
  void aChangedVersionRestoresTheBaselinesFromTheSavepoint() throws Exception {
    FlowDetectionSettings v1 =
        VolumeRatioFunctionTest.ONE_PRINT.toBuilder().alignToWatermark(false).build();
    var before = harness(v1);
    before.open();
    before.processBroadcastElement(new UnderlyingPrice(UNDERLYING, px(21_050), T0 - 3 * DAY), 0);
    long seq = 0;
    for (int d = 3; d >= 1; d--) {
      for (int k = 0; k < 30; k++) {
        long ts = T0 - d * DAY + k * MINUTE;
        before.processElement(
            Fixtures.optionTrade(CALL, ts, ++seq, Side.BID, 150, 30), ts / 1_000_000);
      }
    }
    OperatorSubtaskState savepoint = before.snapshot(1, 1);
    before.close();

    // The new version: HIGH needs 25x instead of 10x.
    FlowDetectionSettings v2 = v1.toBuilder().highRatio(25).jobVersion("0.2.0").build();
    var after = harness(v2);
    after.initializeState(savepoint);
    after.open();
    long ts = T0 + 10 * MINUTE;
    after.processElement(Fixtures.optionTrade(CALL, ts, ++seq, Side.BID, 150, 600), ts / 1_000_000);

    FlowSignal s = after.extractOutputValues().get(0);
    // 600 against the restored 30-per-window history: 20x, HIGH before, MODERATE now.
    assertThat(s.getAttributes())
        .containsEntry("baseline_source", "history")
        .containsEntry("baseline_sessions", "3");
    assertThat(s.getUnderlyingPrice()).as("broadcast state restored").isEqualTo(px(21_050));
    assertThat(s.getConfidence()).isEqualTo(Confidence.MODERATE);
    assertThat(s.getJobVersion()).isEqualTo("0.2.0");
    after.close();
  }
}
