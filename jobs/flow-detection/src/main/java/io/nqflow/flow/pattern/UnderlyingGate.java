package io.nqflow.flow.pattern;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.UnderlyingHistory;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds the underlying price as of the trigger to pattern signals from Flink CEP (which has no
 * broadcast input), keyed by instrument_id. In aligned mode a signal waits until the watermark
 * passes its trigger, so every underlying price up to it has arrived; otherwise the newest price
 * seen is used. Signals are passed on in (ts_event, signal_id) order.
 */
public final class UnderlyingGate
    extends KeyedBroadcastProcessFunction<Long, FlowSignal, UnderlyingPrice, FlowSignal> {
  private static final Comparator<FlowSignal> ORDER =
      Comparator.comparingLong(FlowSignal::getTsEvent).thenComparing(FlowSignal::getSignalId);

  private final boolean aligned;
  private transient MapState<Long, List<FlowSignal>> waiting;

  public UnderlyingGate(FlowDetectionSettings settings) {
    this.aligned = settings.alignToWatermark();
  }

  @Override
  public void open(OpenContext ctx) {
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "gate-waiting", Types.LONG, Types.LIST(new AvroTypeInfo<>(FlowSignal.class))));
  }

  @Override
  public void processBroadcastElement(UnderlyingPrice p, Context ctx, Collector<FlowSignal> out)
      throws Exception {
    var state = ctx.getBroadcastState(AlignedDetector.UNDERLYING);
    UnderlyingHistory h = state.get(p.symbol);
    if (h == null) {
      h = UnderlyingHistory.empty(p.symbol);
    }
    h.add(p.tsEvent, p.price);
    state.put(p.symbol, h);
  }

  @Override
  public void processElement(FlowSignal s, ReadOnlyContext ctx, Collector<FlowSignal> out)
      throws Exception {
    long ts = EpochNanos.toMillis(s.getTsEvent());
    if (!aligned || ts <= ctx.currentWatermark()) {
      out.collect(withPrice(s, ctx));
      return;
    }
    List<FlowSignal> at = waiting.get(ts);
    if (at == null) {
      at = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(ts);
    }
    at.add(s);
    waiting.put(ts, at);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowSignal> out)
      throws Exception {
    List<FlowSignal> due = waiting.get(timestamp);
    if (due == null) {
      return;
    }
    waiting.remove(timestamp);
    due.sort(ORDER);
    for (FlowSignal s : due) {
      out.collect(withPrice(s, ctx));
    }
  }

  private FlowSignal withPrice(FlowSignal s, ReadOnlyContext ctx) throws Exception {
    UnderlyingHistory h = ctx.getBroadcastState(AlignedDetector.UNDERLYING).get(s.getUnderlying());
    UnderlyingPrice p = h == null ? null : aligned ? h.asOf(s.getTsEvent()) : h.latest();
    if (p != null) {
      s.setUnderlyingPrice(p.price);
    }
    return s;
  }
}
