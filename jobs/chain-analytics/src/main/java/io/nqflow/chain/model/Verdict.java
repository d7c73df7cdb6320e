package io.nqflow.chain.model;

/** Who has more skin in the game: the risk analysis' conclusion. */
public enum Verdict {
  /** Call risk over put risk above the call-dominance ratio: bulls have more to lose. */
  CALL_DOMINANCE,
  /** Call risk over put risk below the put-dominance ratio: bears have more to lose. */
  PUT_DOMINANCE,
  BALANCED
}
