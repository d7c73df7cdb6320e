package io.nqflow.core.config;

/** CEP institutional patterns ({@code detection.patterns:}), one section per pattern. */
public record PatternsConfig(
    SweepConfig sweep,
    LadderConfig ladder,
    IcebergConfig iceberg,
    BlockConfig block,
    AccumulationConfig accumulation) {

  public static PatternsConfig defaults() {
    return new PatternsConfig(
        SweepConfig.defaults(),
        LadderConfig.defaults(),
        IcebergConfig.defaults(),
        BlockConfig.defaults(),
        AccumulationConfig.defaults());
  }
}
