package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;

/** The chain model a profile's {@code chain:} section selects. */
public final class ChainModels {
  private ChainModels() {}

  /**
   * The model of {@code settings.model()}, configured by the section.
   *
   * @throws UnsupportedOperationException until the models are built
   */
  public static ChainModel create(ChainAnalyticsSettings settings) {
    throw new UnsupportedOperationException("model not built yet");
  }
}
