package io.nqflow.risk;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by signal id: passes a signal the first time its id is seen and drops (and audits) every
 * later copy, so at-least-once delivery upstream never yields a second order. The seen-flag expires
 * after {@link RiskSettings#dedupeTtl()} of processing time, which bounds the state.
 */
public final class SignalDedupe extends KeyedProcessFunction<String, FlowSignal, FlowSignal> {
  private final RiskEngine engine;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  public SignalDedupe(RiskSettings settings) {
    this.engine = new RiskEngine(settings);
  }

  @Override
  public void open(OpenContext ctx) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(engine.settings().dedupeTtl())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getState(d);
    duplicates = getRuntimeContext().getMetricGroup().counter("nqflow_risk_duplicate_signals");
  }

  @Override
  public void processElement(FlowSignal s, Context ctx, Collector<FlowSignal> out)
      throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      ctx.output(RiskTags.AUDIT, engine.duplicateAudit(s, EpochNanos.now()));
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(s);
  }
}
