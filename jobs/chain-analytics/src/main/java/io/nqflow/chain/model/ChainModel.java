package io.nqflow.chain.model;

/** Ranks the setups of one expiry's chain. Implementations are stateless and thread-safe. */
public interface ChainModel {

  /**
   * The snapshot time when it is not known (a chain snapshot without {@code as_of}): a model that
   * needs the time to expiry refuses it, the original model then leaves out dealer positioning.
   */
  long UNKNOWN_AS_OF = Long.MIN_VALUE;

  /** The model's name as written into opportunities ({@code original}, {@code black76}). */
  String name();

  /**
   * Analyzes one expiry.
   *
   * @param chain the expiry's strikes
   * @param underlying the underlying price, index points; NaN to estimate it from the chain
   * @param asOfNs the moment of the snapshot, ns since the UNIX epoch (time to expiry from it), or
   *     {@link #UNKNOWN_AS_OF}
   */
  ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs);
}
