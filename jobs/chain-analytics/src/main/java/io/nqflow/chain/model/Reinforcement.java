package io.nqflow.chain.model;

/** What the session's volume at a battle zone says about its open interest. */
public enum Reinforcement {
  /** Volume above the side's open interest. */
  HEAVY,
  /** Volume above half the side's open interest. */
  MODERATE,
  /** Less volume: the risk is existing positions. */
  EXISTING_POSITIONS,
  /** No open interest on that side: any risk is from new positions only. */
  NEW_POSITIONS_ONLY
}
