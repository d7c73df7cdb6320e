package io.nqflow.execution.engine;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.execution.ledger.LedgerFill;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Positions and P&amp;L derived from the ledger's fills: signed quantity and average entry price
 * per instrument, realized P&amp;L per CME trading day (net of fees), unrealized P&amp;L at the
 * marks. Prices are 1e-9 fixed point; money is USD.
 */
final class Portfolio {
  private static final double PRICE_SCALE = 1e9;
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  /** One instrument's position. */
  static final class Position {
    final long instrumentId;
    final String symbol;
    final double multiplierUsd;
    int quantity;
    long avgPrice;
    Long mark;

    Position(long instrumentId, String symbol, double multiplierUsd) {
      this.instrumentId = instrumentId;
      this.symbol = symbol;
      this.multiplierUsd = multiplierUsd;
    }

    double unrealizedUsd() {
      if (quantity == 0 || mark == null) {
        return 0.0;
      }
      return (mark - avgPrice) / PRICE_SCALE * quantity * multiplierUsd;
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
    double realized = -f.feeUsd();
    if (p.quantity == 0 || Integer.signum(p.quantity) == Integer.signum(signed)) {
      long total = (long) p.avgPrice * Math.abs(p.quantity) + f.price() * (long) Math.abs(signed);
      p.quantity += signed;
      p.avgPrice = Math.round((double) total / Math.abs(p.quantity));
    } else {
      int closing = Math.min(Math.abs(p.quantity), Math.abs(signed));
      realized +=
          (f.price() - p.avgPrice)
              / PRICE_SCALE
              * closing
              * Integer.signum(p.quantity)
              * p.multiplierUsd;
      int before = p.quantity;
      p.quantity += signed;
      if (p.quantity == 0) {
        p.avgPrice = 0;
      } else if (Integer.signum(p.quantity) != Integer.signum(before)) {
        p.avgPrice = f.price();
      }
    }
    realizedByDay.merge(tradingDay(f.tsEvent()), realized, Double::sum);
    realizedTotal += realized;
    maxAbsPosition = Math.max(maxAbsPosition, Math.abs(p.quantity));
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
    return p == null ? 0 : p.quantity;
  }

  /** Net quantity per symbol, non-zero only. */
  Map<String, Integer> netBySymbol() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Position p : positions.values()) {
      if (p.quantity != 0) {
        out.merge(p.symbol, p.quantity, Integer::sum);
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
    return (int) positions.values().stream().filter(p -> p.quantity != 0).count();
  }

  int maxAbsPosition() {
    return maxAbsPosition;
  }

  /**
   * CME trading day of a time: the Globex session that opens at 17:00 Chicago time belongs to the
   * next calendar day.
   */
  static String tradingDay(long tsNs) {
    Instant t = Instant.ofEpochSecond(Math.floorDiv(tsNs, 1_000_000_000L));
    LocalDate d = t.atZone(CHICAGO).plusHours(7).toLocalDate();
    return d.toString();
  }
}
