package io.nqflow.risk;

import io.nqflow.common.v1.Direction;

/**
 * An opportunity kept to confirm flow signals (confirm mode; state POJO in the {@link RiskBook}):
 * the latest one of its underlying and direction that passed the probability and expected-value
 * minimums.
 */
public class OpportunityMark {
  public String opportunityId;
  public String underlying;
  public Direction direction;

  /** The opportunity's event time, ns since the UNIX epoch. */
  public long tsEvent;

  /** Probability of reaching the target, 0..1. */
  public double probability;

  /** Expected value, index points of the option premium. */
  public double expectedValuePoints;

  public OpportunityMark() {}
}
