package io.nqflow.execution.engine;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.execution.ledger.LedgerFill;
import io.nqflow.market.AverageCostPosition;
import io.nqflow.market.CmeCalendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Positions and P&amp;L derived from the ledger's fills: one average-cost position per instrument
 * (the market library's rule), realized P&amp;L per CME trading day (net of fees), unrealized
 * P&amp;L at the marks. Prices are 1e-9 fixed point; money is USD.
 */
final class Portfolio {

  /** One instrument's position. */
  static final class Position {
    final long instrumentId;
    final String symbol;
    final AverageCostPosition cost;
    Long mark;

    Position(long instrumentId, String symbol, double multiplierUsd) {
      this.instrumentId = instrumentId;
      this.symbol = symbol;
      this.cost = new AverageCostPosition(multiplierUsd);
    }

    int quantity() {
      return cost.quantity();
    }

    long avgPrice() {
      return cost.avgPrice();
    }

    double multiplierUsd() {
      return cost.multiplierUsd();
    }

    double unrealizedUsd() {
      return mark == null ? 0.0 : cost.unrealizedUsd(mark);
    }
  }

  private final Map<Long, Position> positions = new LinkedHashMap<>();
  private final Map<String, Double> realizedByDay = new HashMap<>();
  private final Map<Long, Long> marks = new HashMap<>();
  private double realizedTotal;
  private int maxAbsPosition;

  /** Applies one fill and returns the instrument's position afterwards. */
  Position apply(LedgerFill f) {
    Position p =
        positions.computeIfAbsent(
            f.instrumentId(), id -> new Position(id, f.symbol(), f.multiplierUsd()));
    if (p.mark == null) {
      p.mark = marks.get(f.instrumentId());
    }
    int signed = f.side() == OrderSide.BUY ? f.quantity() : -f.quantity();
    double realized = -f.feeUsd() + p.cost.apply(signed, f.price()).realizedUsd();
    realizedByDay.merge(tradingDay(f.tsEvent()), realized, Double::sum);
    realizedTotal += realized;
    maxAbsPosition = Math.max(maxAbsPosition, Math.abs(p.quantity()));
    return p;
  }

  void mark(long instrumentId, long price) {
    marks.put(instrumentId, price);
    Position p = positions.get(instrumentId);
    if (p != null) {
      p.mark = price;
    }
  }

  int quantity(long instrumentId) {
    Position p = positions.get(instrumentId);
    return p == null ? 0 : p.quantity();
  }

  /** Net quantity per symbol, non-zero only. */
  Map<String, Integer> netBySymbol() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Position p : positions.values()) {
      if (p.quantity() != 0) {
        out.merge(p.symbol, p.quantity(), Integer::sum);
      }
    }
    out.values().removeIf(q -> q == 0);
    return out;
  }

  double realizedUsd(String tradingDay) {
    return realizedByDay.getOrDefault(tradingDay, 0.0);
  }

  double realizedTotalUsd() {
    return realizedTotal;
  }

  double unrealizedUsd() {
    return positions.values().stream().mapToDouble(Position::unrealizedUsd).sum();
  }

  int openPositions() {
    return (int) positions.values().stream().filter(p -> p.quantity() != 0).count();
  }

  int maxAbsPosition() {
    return maxAbsPosition;
  }

  /** The CME trading day of a time, yyyy-MM-dd, as P&amp;L snapshots name it. */
  static String tradingDay(long tsNs) {
    return CmeCalendar.tradingDay(tsNs).toString();
  }
}
