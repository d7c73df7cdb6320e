package io.nqflow.risk;

import io.nqflow.core.time.EpochNanos;
import io.nqflow.ops.v1.AuditEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by an input's id: passes the input the first time its id is seen and drops (and audits)
 * every later copy, so at-least-once delivery upstream never yields a second decision. The
 * seen-flag expires after {@link RiskSettings#dedupeTtl()} of processing time, which bounds the
 * state.
 *
 * @param <T> the deduplicated input (a flow signal or an opportunity)
 */
abstract class FirstSeenFilter<T> extends KeyedProcessFunction<String, T, T> {
  private final String duplicatesMetric;
  protected final RiskEngine engine;
  private transient ValueState<Boolean> seen;
  private transient Counter duplicates;

  FirstSeenFilter(RiskSettings settings, String duplicatesMetric) {
    this.engine = new RiskEngine(settings);
    this.duplicatesMetric = duplicatesMetric;
  }

  /** The audit event of a dropped copy. */
  protected abstract AuditEvent duplicateAudit(T in, long nowNs);

  @Override
  public void open(OpenContext ctx) {
    ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    d.enableTimeToLive(
        StateTtlConfig.newBuilder(engine.settings().dedupeTtl())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    seen = getRuntimeContext().getState(d);
    duplicates = getRuntimeContext().getMetricGroup().counter(duplicatesMetric);
  }

  @Override
  public void processElement(T in, Context ctx, Collector<T> out) throws Exception {
    if (seen.value() != null) {
      duplicates.inc();
      ctx.output(RiskTags.AUDIT, duplicateAudit(in, EpochNanos.now()));
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(in);
  }
}
