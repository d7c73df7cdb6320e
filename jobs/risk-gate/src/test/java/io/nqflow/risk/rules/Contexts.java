package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.PendingOrder;
import io.nqflow.risk.Position;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.budget.BudgetDay;
import io.nqflow.signals.v1.FlowSignal;

/** Signal contexts for the rule tests: a signal, a book set up by hand, and a budget day. */
final class Contexts {
  static final RiskSettings DEFAULTS = Fixtures.settings();

  /** The first signal of 2025-03-11, nothing spent. */
  static final BudgetDay NO_SPEND = new BudgetDay("2025-03-11", 1, 0.0, 0.0);

  private Contexts() {}

  /** A HIGH-confidence NQ call bought by the flow (an entry) on instrument 7, Tuesday 10:00 CT. */
  static FlowSignal.Builder entry(double refPoints) {
    return Fixtures.signal("s1", 7, TUESDAY_10_CT, refPoints);
  }

  static SignalContext of(FlowSignal.Builder signal) {
    return of(DEFAULTS, new RiskBook(), signal, NO_SPEND);
  }

  static SignalContext of(RiskBook book, FlowSignal.Builder signal) {
    return of(DEFAULTS, book, signal, NO_SPEND);
  }

  static SignalContext of(RiskSettings s, RiskBook book, FlowSignal.Builder signal) {
    return of(s, book, signal, NO_SPEND);
  }

  static SignalContext of(
      RiskSettings s, RiskBook book, FlowSignal.Builder signal, BudgetDay budget) {
    return SignalContext.of(s, book, signal.build(), budget);
  }

  /** Puts a long NQ position (multiplier $20) into the book. */
  static Position held(RiskBook b, long instrument, int quantity, double avg, double stop) {
    Position p = new Position(instrument, 20.0);
    p.quantity = quantity;
    p.avgPrice = px(avg);
    p.stopPrice = px(stop);
    b.positions.put(instrument, p);
    return p;
  }

  /** Puts an approved, unfilled NQ order (multiplier $20) into the book. */
  static PendingOrder pending(
      RiskBook b,
      String cid,
      long instrument,
      OrderSide side,
      int quantity,
      double limit,
      double stop) {
    PendingOrder o = new PendingOrder();
    o.clientOrderId = cid;
    o.instrumentId = instrument;
    o.side = side;
    o.quantity = quantity;
    o.limitPrice = px(limit);
    o.stopPrice = px(stop);
    o.multiplierUsd = 20.0;
    o.reduceOnly = side == OrderSide.SELL;
    o.tsSignal = TUESDAY_10_CT;
    b.pending.put(cid, o);
    return o;
  }
}
