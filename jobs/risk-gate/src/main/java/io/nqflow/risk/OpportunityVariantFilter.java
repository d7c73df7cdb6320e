package io.nqflow.risk;

import io.nqflow.signals.v1.Opportunity;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * Keeps the opportunities of the gate's own A/B variant, like {@link SignalVariantFilter} for
 * signals; others are counted in {@code nqflow_risk_foreign_variant_opportunities}.
 */
public final class OpportunityVariantFilter extends RichFilterFunction<Opportunity> {
  private final String variant;
  private transient Counter foreign;

  public OpportunityVariantFilter(String variant) {
    this.variant = variant;
  }

  @Override
  public void open(OpenContext ctx) {
    foreign =
        getRuntimeContext().getMetricGroup().counter("nqflow_risk_foreign_variant_opportunities");
  }

  @Override
  public boolean filter(Opportunity o) {
    if (variant.equals(o.getVariant())) {
      return true;
    }
    foreign.inc();
    return false;
  }
}
