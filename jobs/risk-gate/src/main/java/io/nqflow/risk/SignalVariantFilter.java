package io.nqflow.risk;

import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * Keeps the signals of the gate's own A/B variant: variants run side by side, and a signal decided
 * by two gates would become two orders. Signals of other variants are counted in {@code
 * nqflow_risk_foreign_variant_signals}.
 */
public final class SignalVariantFilter extends RichFilterFunction<FlowSignal> {
  private final String variant;
  private transient Counter foreign;

  public SignalVariantFilter(String variant) {
    this.variant = variant;
  }

  @Override
  public void open(OpenContext ctx) {
    foreign = getRuntimeContext().getMetricGroup().counter("nqflow_risk_foreign_variant_signals");
  }

  @Override
  public boolean filter(FlowSignal s) {
    if (variant.equals(s.getVariant())) {
      return true;
    }
    foreign.inc();
    return false;
  }
}
