package io.nqflow.chain.model;

/** How close a battle zone is to the underlying. */
public enum Urgency {
  IMMEDIATE,
  NEAR_TERM,
  MEDIUM_TERM,
  DISTANT
}
