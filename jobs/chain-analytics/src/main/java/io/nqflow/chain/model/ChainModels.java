package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;

/** The model the {@code chain.model} setting names. */
public final class ChainModels {
  private ChainModels() {}

  /** A model configured by the {@code chain:} section. */
  public static ChainModel create(ChainAnalyticsSettings settings) {
    return switch (settings.model()) {
      case ORIGINAL -> new OriginalModel(settings);
      case BLACK76 -> new Black76Model(settings);
    };
  }
}
