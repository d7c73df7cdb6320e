package io.nqflow.flow.routing;

import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.jobs.common.ReferenceDataJoinOperator;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/** The event router in the operator the job runs it in, with market events on input 1. */
final class RouterHarness
    extends KeyedTwoInputStreamOperatorTestHarness<Long, MarketEvent, Instrument, OptionEvent> {
  RouterHarness(FlowDetectionSettings settings) throws Exception {
    this(settings, null);
  }

  /** A router restored from {@code snapshot} (none when null). */
  RouterHarness(FlowDetectionSettings settings, OperatorSubtaskState snapshot) throws Exception {
    super(
        new ReferenceDataJoinOperator<>(new EventRouter(settings)),
        MarketEvent::getInstrumentId,
        Instrument::getInstrumentId,
        Types.LONG);
    if (snapshot != null) {
      initializeState(snapshot);
    }
    open();
  }

  /** How many keys hold the router's watermark back. */
  int holding() {
    return ((ReferenceDataJoinOperator<?, ?, ?, ?>) getOperator()).holding();
  }

  /** The watermarks the router has emitted, in order. */
  java.util.List<Long> watermarks() {
    return getOutput().stream()
        .filter(o -> o instanceof Watermark)
        .map(o -> ((Watermark) o).getTimestamp())
        .toList();
  }

  void processElement(MarketEvent e, long timestampMillis) throws Exception {
    processElement1(e, timestampMillis);
  }

  void define(Instrument instrument) throws Exception {
    processElement2(instrument, 0);
  }

  void watermark(long millis) throws Exception {
    processWatermark1(new Watermark(millis));
  }
}
