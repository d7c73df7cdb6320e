package io.nqflow.risk.book;

import io.nqflow.common.v1.Direction;
import io.nqflow.risk.OpportunityMark;
import io.nqflow.risk.RiskBook;
import io.nqflow.signals.v1.Opportunity;
import java.time.Duration;

/**
 * The opportunities that confirm flow signals in confirm mode: the latest qualifying one per
 * underlying and direction, kept in {@link RiskBook#confirmations} and forgotten once the
 * confirmation window lies behind the gate clock.
 */
public final class Confirmations {
  private Confirmations() {}

  /** The book key of an underlying and direction. */
  public static String key(String underlying, Direction direction) {
    return underlying + "|" + direction;
  }

  /**
   * Keeps {@code o} as the confirmation of its underlying and direction unless a later one (event
   * time) is already kept. NEUTRAL opportunities confirm nothing and are not kept.
   *
   * @return whether it was kept
   */
  public static boolean record(RiskBook b, Opportunity o) {
    if (o.getDirection() != Direction.BULLISH && o.getDirection() != Direction.BEARISH) {
      return false;
    }
    String k = key(o.getUnderlying(), o.getDirection());
    OpportunityMark have = b.confirmations.get(k);
    if (have != null && have.tsEvent > o.getTsEvent()) {
      return false;
    }
    OpportunityMark m = new OpportunityMark();
    m.opportunityId = o.getOpportunityId();
    m.underlying = o.getUnderlying();
    m.direction = o.getDirection();
    m.tsEvent = o.getTsEvent();
    m.probability = o.getProbability();
    m.expectedValuePoints = o.getExpectedValuePoints();
    b.confirmations.put(k, m);
    return true;
  }

  /**
   * The kept opportunity of the underlying and direction whose event time lies at most {@code
   * within} before {@code ts} (not after it); null when there is none.
   */
  public static OpportunityMark find(
      RiskBook b, String underlying, Direction direction, long ts, Duration within) {
    OpportunityMark m = b.confirmations.get(key(underlying, direction));
    if (m == null || m.tsEvent > ts || ts - m.tsEvent > within.toNanos()) {
      return null;
    }
    return m;
  }

  /** Forgets confirmations older than {@code within} before the clock {@code clockNs}. */
  public static void prune(RiskBook b, long clockNs, Duration within) {
    if (b.confirmations.isEmpty()) {
      return;
    }
    long horizon = clockNs - within.toNanos();
    b.confirmations.values().removeIf(m -> m.tsEvent < horizon);
  }
}
