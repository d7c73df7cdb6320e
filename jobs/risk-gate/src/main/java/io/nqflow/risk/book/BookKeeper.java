package io.nqflow.risk.book;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRejected;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.market.AverageCostPosition;
import io.nqflow.market.CmeCalendar;
import io.nqflow.risk.PendingOrder;
import io.nqflow.risk.Position;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskInputException;
import io.nqflow.risk.RiskSettings;
import java.io.Serializable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Position and P&amp;L accounting of a {@link RiskBook}: the gate clock and trading day, execution
 * feedback (fills, order releases, snapshots), marks, approved orders waiting for fills, and the
 * day's P&amp;L. Formulas: docs/risk.md.
 */
public final class BookKeeper implements Serializable {
  /** One minute in ns: the order-rate window. */
  public static final long NANOS_PER_MINUTE = 60_000_000_000L;

  private final RiskSettings s;

  public BookKeeper(RiskSettings settings) {
    this.s = settings;
  }

  /**
   * Moves the gate clock forward to a market event time (never back), starts a new trading day when
   * the clock crosses into one, and forgets order-rate, cooldown and confirmation history too old
   * to count.
   */
  public void advanceClock(RiskBook b, long tsEvent) {
    if (tsEvent > b.clockNs) {
      b.clockNs = tsEvent;
    }
    String day = CmeCalendar.tradingDay(b.clockNs).toString();
    if (day.compareTo(b.tradingDay) > 0) {
      b.tradingDay = day;
      b.realizedTodayUsd = 0.0;
    }
    long horizon = b.clockNs - 2 * NANOS_PER_MINUTE;
    b.recentOrderTimes.removeIf(t -> t < horizon);
    long cooldownHorizon = b.clockNs - s.cooldown().toNanos();
    b.lastEntryByInstrument.values().removeIf(t -> t < cooldownHorizon);
    Confirmations.prune(b, b.clockNs, s.opportunities().confirmWithin());
  }

  /**
   * Records an approved order as pending exposure, and the time of the approval for the order-rate
   * and (entries only) cooldown rules.
   */
  public void recordApproval(RiskBook b, PendingOrder p) {
    b.pending.put(p.clientOrderId, p);
    b.recentOrderTimes.add(p.tsSignal);
    if (!p.reduceOnly) {
      b.lastEntryByInstrument.put(p.instrumentId, p.tsSignal);
    }
  }

  /**
   * Applies one exec.events message of the gate's account: fills move positions and realized
   * P&amp;L and consume pending orders; rejections and cancellations release pending orders;
   * snapshots replace the gate's own reckoning.
   *
   * @return false when the message was a fill already applied (nothing changed)
   * @throws RiskInputException for impossible content; the book is then unchanged
   */
  public boolean applyExecution(RiskBook b, ExecutionEvent e) {
    Object payload = e.getPayload();
    rememberOrder(b, payload);
    if (payload instanceof Fill f) {
      if (f.getQuantity() <= 0) {
        throw new RiskInputException(
            "fill " + f.getExecutionId() + " has quantity " + f.getQuantity() + "; must be > 0");
      }
      if (f.getPrice() <= 0) {
        throw new RiskInputException(
            "fill " + f.getExecutionId() + " has price " + f.getPrice() + "; must be > 0");
      }
      if (!Double.isFinite(f.getFeeUsd())) {
        throw new RiskInputException(
            "fill " + f.getExecutionId() + " has fee " + f.getFeeUsd() + "; must be finite");
      }
      if (b.seenFillIds.containsKey(f.getExecutionId())) {
        return false;
      }
      b.seenFillIds.put(f.getExecutionId(), e.getTsEvent());
      advanceClock(b, e.getTsEvent());
      applyFill(b, f, e.getTsEvent());
      pruneSeen(b.seenFillIds, b.clockNs, s.dedupeTtl());
    } else if (payload instanceof OrderRejected r) {
      // Order-state events carry the service's wall-clock time, not market time: on replayed or
      // simulated data they would move the trading day (and the order-rate and cooldown windows)
      // to today, so they never advance the gate's clock. Fills and snapshots do.
      b.pending.remove(r.getClientOrderId());
    } else if (payload instanceof OrderCancelled c) {
      b.pending.remove(c.getClientOrderId());
    } else if (payload instanceof PositionSnapshot p) {
      applyPositionSnapshot(b, e, p);
    } else if (payload instanceof PnlSnapshot p) {
      applyPnlSnapshot(b, e, p);
    }
    // OrderAccepted: the order stays pending until it fills or is cancelled.
    return true;
  }

  /**
   * Records the client order id an order-state event or fill names (see RiskBook#brokerOrderIds).
   */
  private void rememberOrder(RiskBook b, Object payload) {
    String cid = null;
    if (payload instanceof Fill f) {
      cid = f.getClientOrderId();
    } else if (payload instanceof OrderAccepted a) {
      cid = a.getClientOrderId();
    } else if (payload instanceof OrderRejected r) {
      cid = r.getClientOrderId();
    } else if (payload instanceof OrderCancelled c) {
      cid = c.getClientOrderId();
    }
    if (cid != null && !cid.isEmpty()) {
      // The gate's (market) clock, not the event's: order-state events carry wall-clock time.
      b.brokerOrderIds.putIfAbsent(cid, b.clockNs);
      pruneSeen(b.brokerOrderIds, b.clockNs, s.dedupeTtl());
    }
  }

  private void applyPositionSnapshot(RiskBook b, ExecutionEvent e, PositionSnapshot p) {
    if (!(p.getMultiplierUsd() > 0) || Double.isInfinite(p.getMultiplierUsd())) {
      throw new RiskInputException(
          "position snapshot "
              + e.getEventId()
              + " has multiplier "
              + p.getMultiplierUsd()
              + "; must be > 0");
    }
    if (p.getQuantity() != 0 && p.getAvgPrice() <= 0) {
      throw new RiskInputException(
          "position snapshot " + e.getEventId() + " has avg price " + p.getAvgPrice());
    }
    advanceClock(b, e.getTsEvent());
    if (p.getQuantity() == 0) {
      b.positions.remove(p.getInstrumentId());
      return;
    }
    Position pos =
        b.positions.computeIfAbsent(
            p.getInstrumentId(), id -> new Position(id, p.getMultiplierUsd()));
    pos.quantity = p.getQuantity();
    pos.avgPrice = p.getAvgPrice();
    pos.multiplierUsd = p.getMultiplierUsd();
    if (p.getMarkPrice() != null && p.getMarkPrice() > 0) {
      pos.markPrice = p.getMarkPrice();
      pos.markTs = e.getTsEvent();
    }
  }

  private void applyPnlSnapshot(RiskBook b, ExecutionEvent e, PnlSnapshot p) {
    if (!Double.isFinite(p.getRealizedUsd()) || !Double.isFinite(p.getUnrealizedUsd())) {
      throw new RiskInputException("P&L snapshot " + e.getEventId() + " is not finite");
    }
    try {
      LocalDate.parse(p.getTradingDay());
    } catch (DateTimeParseException ex) {
      throw new RiskInputException(
          "P&L snapshot " + e.getEventId() + " has trading_day '" + p.getTradingDay() + "'");
    }
    advanceClock(b, e.getTsEvent());
    if (p.getTradingDay().compareTo(b.pnlSnapshotDay) >= 0) {
      b.pnlSnapshotDay = p.getTradingDay();
      b.pnlSnapshotUsd = p.getRealizedUsd() + p.getUnrealizedUsd();
    }
  }

  private void applyFill(RiskBook b, Fill f, long tsEvent) {
    PendingOrder po = b.pending.get(f.getClientOrderId());
    long instrument = f.getInstrumentId();
    Position pos = b.positions.get(instrument);
    if (pos == null) {
      pos = new Position(instrument, po != null ? po.multiplierUsd : s.nqMultiplierUsd());
    }
    int signed = f.getSide() == OrderSide.BUY ? f.getQuantity() : -f.getQuantity();
    int before = pos.quantity;
    AverageCostPosition cost = pos.atAverageCost();
    AverageCostPosition.Change change = cost.apply(signed, f.getPrice());
    pos.quantity = cost.quantity();
    pos.avgPrice = cost.avgPrice();
    double realized = -f.getFeeUsd();
    if (change.closedQuantity() > 0) {
      realized += change.realizedUsd();
      if (pos.quantity != 0 && Integer.signum(pos.quantity) != Integer.signum(before)) {
        // Flipped through flat: the rest opened at the fill price with no known stop.
        pos.stopPrice = 0;
      }
    } else if (po != null && !po.reduceOnly) {
      pos.stopPrice = po.stopPrice;
      pos.multiplierUsd = po.multiplierUsd;
    }
    if (pos.quantity == 0) {
      b.positions.remove(instrument);
    } else {
      b.positions.put(instrument, pos);
    }
    if (CmeCalendar.tradingDay(tsEvent).toString().equals(b.tradingDay)) {
      b.realizedTodayUsd += realized;
    }
    if (po != null) {
      po.quantity -= f.getQuantity();
      if (po.quantity <= 0) {
        b.pending.remove(f.getClientOrderId());
      }
    }
  }

  /**
   * A trade price of an instrument (md.events): marks a held position to market.
   *
   * @return whether the instrument is held (only then can the mark move the day's P&amp;L)
   * @throws RiskInputException for a non-positive price of a held instrument; the book is then
   *     unchanged
   */
  public boolean applyMark(RiskBook b, long instrumentId, long price, long tsEvent) {
    Position pos = b.positions.get(instrumentId);
    if (pos == null) {
      advanceClock(b, tsEvent);
      return false;
    }
    if (price <= 0) {
      throw new RiskInputException(
          "trade price " + price + " on held instrument " + instrumentId + " at " + tsEvent);
    }
    advanceClock(b, tsEvent);
    if (tsEvent >= pos.markTs) {
      pos.markPrice = price;
      pos.markTs = tsEvent;
    }
    return true;
  }

  /**
   * P&amp;L of the current trading day, USD: realized from fills plus unrealized at the marks; when
   * the execution service reported a snapshot for the same day, the worse of the two.
   */
  public static double dailyPnl(RiskBook b) {
    double own = b.realizedTodayUsd;
    for (Position p : b.positions.values()) {
      own += p.atAverageCost().unrealizedUsd(p.markOrAvg());
    }
    if (!b.tradingDay.isEmpty() && b.tradingDay.equals(b.pnlSnapshotDay)) {
      return Math.min(own, b.pnlSnapshotUsd);
    }
    return own;
  }

  /** Contracts of pending orders on one instrument and side. */
  public static int pendingQuantity(RiskBook b, long instrument, OrderSide side) {
    int n = 0;
    for (PendingOrder p : b.pending.values()) {
      if (p.instrumentId == instrument && p.side == side) {
        n += p.quantity;
      }
    }
    return n;
  }

  /** Approvals whose signal time lies less than a minute from {@code ts}, either side. */
  public static int ordersNear(RiskBook b, long ts) {
    int n = 0;
    for (long t : b.recentOrderTimes) {
      if (Math.abs(t - ts) < NANOS_PER_MINUTE) {
        n++;
      }
    }
    return n;
  }

  /**
   * Forgets ids older than the dedupe TTL before {@code latest}, once there are enough of them to
   * be worth the scan.
   */
  public static void pruneSeen(Map<String, Long> seen, long latest, Duration ttl) {
    long horizon = latest - ttl.toNanos();
    if (seen.size() > 64) {
      seen.values().removeIf(t -> t < horizon);
    }
  }
}
