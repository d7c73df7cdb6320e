package io.nqflow.chain.model;

/** Ranks the setups of one expiry's chain. Implementations are stateless and thread-safe. */
public interface ChainModel {

  /** The model's name as written into opportunities ({@code original}, {@code black76}). */
  String name();

  /**
   * Analyzes one expiry.
   *
   * @param chain the expiry's strikes
   * @param underlying the underlying price, index points; NaN to estimate it from the chain
   * @param asOfNs the moment of the snapshot, ns since the UNIX epoch (time to expiry from it)
   */
  ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs);
}
