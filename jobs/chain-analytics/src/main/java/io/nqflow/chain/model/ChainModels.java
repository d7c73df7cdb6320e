// PLACEHOLDER: replaced on merge
package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;
import java.util.List;

/** PLACEHOLDER for the model factory (replaced on merge): a model that finds no setups. */
public final class ChainModels {
  private ChainModels() {}

  public static ChainModel create(ChainAnalyticsSettings settings) {
    String name = settings.model().name().toLowerCase(java.util.Locale.ROOT);
    return new ChainModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
        return new ModelResult(
            name,
            chain,
            underlying,
            false,
            new RiskAnalysis(0, 0, 0, Verdict.BALANCED, List.of()),
            null,
            0,
            List.of());
      }
    };
  }
}
