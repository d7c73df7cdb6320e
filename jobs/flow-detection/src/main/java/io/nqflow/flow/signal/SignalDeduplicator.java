package io.nqflow.flow.signal;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.signals.v1.FlowSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Last stop before signals.flow, keyed by algorithm and instrument: drops a signal whose id was
 * already emitted (the same detection made twice, e.g. by overlapping pattern matches) and applies
 * the cooldown per instrument and algorithm in event time: within {@code cooldown} of the last
 * signal only a higher confidence passes. Counts emitted signals per algorithm and confidence and
 * records the event-time-to-emit latency.
 *
 * <p>Seen ids are kept for {@code cooldown} of event time after their signal and then removed by a
 * timer, so the state of a quiet key empties.
 */
public final class SignalDeduplicator extends KeyedProcessFunction<String, FlowSignal, FlowSignal> {
  private final long cooldownNanos;
  private transient MapState<String, Long> seen;
  private transient ValueState<Long> lastTs;
  private transient ValueState<Integer> lastConfidence;
  private transient Map<String, Counter> emitted;
  private transient Counter duplicates;
  private transient Counter cooled;
  private transient Histogram latency;

  public SignalDeduplicator(FlowDetectionSettings settings) {
    this.cooldownNanos = settings.cooldown().toNanos();
  }

  /** The key: algorithm and instrument. */
  public static String keyOf(FlowSignal s) {
    return s.getAlgorithm() + "|" + s.getInstrumentId();
  }

  @Override
  public void open(OpenContext ctx) {
    seen =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.LONG));
    lastTs = getRuntimeContext().getState(new ValueStateDescriptor<>("last-ts", Types.LONG));
    lastConfidence =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-confidence", Types.INT));
    MetricGroup g = getRuntimeContext().getMetricGroup();
    emitted = new HashMap<>();
    duplicates = g.counter("nqflow_signals_duplicate");
    cooled = g.counter("nqflow_signals_cooldown");
    latency = g.histogram("nqflow_signal_latency_ms", new DescriptiveStatisticsHistogram(2048));
  }

  @Override
  public void processElement(FlowSignal s, Context ctx, Collector<FlowSignal> out)
      throws Exception {
    if (seen.contains(s.getSignalId())) {
      duplicates.inc();
      return;
    }
    Long last = lastTs.value();
    if (last != null
        && s.getTsEvent() - last < cooldownNanos
        && s.getConfidence().ordinal() <= lastConfidence.value()) {
      cooled.inc();
      return;
    }
    seen.put(s.getSignalId(), s.getTsEvent());
    lastTs.update(s.getTsEvent());
    lastConfidence.update(s.getConfidence().ordinal());
    // Rounded up to the next millisecond, so the timer never fires before the id is due.
    ctx.timerService()
        .registerEventTimeTimer(EpochNanos.toMillis(s.getTsEvent() + cooldownNanos + 999_999L));
    out.collect(s);
    counter(s).inc();
    latency.update((EpochNanos.now() - s.getTsEvent()) / 1_000_000L);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowSignal> out)
      throws Exception {
    long horizon = EpochNanos.ofMillis(timestamp) - cooldownNanos;
    List<String> expired = new ArrayList<>();
    for (Map.Entry<String, Long> e : seen.entries()) {
      if (e.getValue() <= horizon) {
        expired.add(e.getKey());
      }
    }
    for (String id : expired) {
      seen.remove(id);
    }
    if (seen.isEmpty()) {
      lastTs.clear();
      lastConfidence.clear();
    }
  }

  private Counter counter(FlowSignal s) {
    String k = s.getAlgorithm() + "/" + s.getConfidence();
    return emitted.computeIfAbsent(
        k,
        x ->
            getRuntimeContext()
                .getMetricGroup()
                .addGroup("algorithm", s.getAlgorithm())
                .addGroup("confidence", s.getConfidence().name())
                .counter("nqflow_signals"));
  }
}
