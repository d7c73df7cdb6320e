package io.nqflow.execution.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * Ledger state of one order. PENDING_NEW is written before anything is sent; SENT just before the
 * broker call; the broker's answer (or reconciliation) moves it on. FILLED, CANCELLED and REJECTED
 * are final.
 */
public enum OrderState {
  PENDING_NEW,
  SENT,
  ACCEPTED,
  PARTIALLY_FILLED,
  FILLED,
  CANCELLED,
  REJECTED;

  /** Orders whose fate at the broker is unknown until reconciliation asks. */
  public static final Set<OrderState> IN_FLIGHT = EnumSet.of(PENDING_NEW, SENT);

  /** Orders working at the broker. */
  public static final Set<OrderState> OPEN = EnumSet.of(ACCEPTED, PARTIALLY_FILLED);

  public boolean terminal() {
    return this == FILLED || this == CANCELLED || this == REJECTED;
  }

  /** Whether the ledger may move from this state to {@code next}. */
  public boolean canMoveTo(OrderState next) {
    return switch (this) {
      // Reconciliation may find an in-flight order in any state at the broker.
      case PENDING_NEW -> next != PENDING_NEW;
      case SENT -> next != PENDING_NEW && next != SENT;
      case ACCEPTED -> next == PARTIALLY_FILLED || next == FILLED || next == CANCELLED;
      case PARTIALLY_FILLED -> next == PARTIALLY_FILLED || next == FILLED || next == CANCELLED;
      case FILLED, CANCELLED, REJECTED -> false;
    };
  }
}
