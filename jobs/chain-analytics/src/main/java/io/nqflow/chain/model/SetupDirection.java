package io.nqflow.chain.model;

/** A long setup targets a level above the underlying, a short one a level below. */
public enum SetupDirection {
  LONG,
  SHORT
}
