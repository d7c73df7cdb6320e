package io.nqflow.runner.ops;

import io.nqflow.core.trades.Control;
import io.nqflow.core.trades.Trade;
import io.nqflow.core.trades.TradeDay;
import io.nqflow.core.trades.TradeFill;
import io.nqflow.core.trades.TradeOrder;
import io.nqflow.market.Prices;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Prints a trading day's reconstructed trades for {@code nqflow audit trades}: one block per trade,
 * the day's control commands and a total.
 */
final class TradeReport {
  private TradeReport() {}

  static void print(TradeDay report, PrintWriter out) {
    out.printf("Trades of CME trading day %s (reconstructed from ops.audit)%n", report.day());
    int n = 0;
    double realized = 0;
    double fees = 0;
    int filled = 0;
    int open = 0;
    boolean pnlComplete = true;
    for (Trade t : report.trades()) {
      n++;
      TradeOrder e = t.entry();
      out.printf(
          "#%d %s  variant %s  signal %s%n   %s %d %s (instrument %d) limit %s -> %s%s%n",
          n,
          e.clientOrderId(),
          e.variant(),
          e.signalId(),
          e.side(),
          e.quantity(),
          e.symbol(),
          e.instrumentId(),
          price(e.price()),
          e.state(),
          e.reason() == null ? "" : " (" + e.reason() + ")");
      if (t.signalRationale() != null) {
        out.printf("   approved: %s%n", t.signalRationale());
      }
      if (e.duplicatesRefused() > 0) {
        out.printf("   duplicate intents refused: %d%n", e.duplicatesRefused());
      }
      printFills(out, e.fills());
      for (TradeOrder l : t.legs()) {
        out.printf(
            "   %s %s %s %d @ %s -> %s%s%n",
            l.role(),
            l.clientOrderId(),
            l.side(),
            l.quantity(),
            price(l.price()),
            l.state(),
            l.reason() == null ? "" : " (" + l.reason() + ")");
        printFills(out, l.fills());
      }
      boolean anyFill = t.anyFill();
      if (anyFill) {
        filled++;
      }
      if (t.openQuantity() != 0) {
        open++;
      }
      fees += t.feesUsd();
      String pnl;
      if (t.realizedUsd() == null) {
        pnlComplete = false;
        pnl =
            anyFill
                ? "realized P&L unknown (no position snapshot with the multiplier of instrument "
                    + e.instrumentId()
                    + " on exec.events)"
                : "no fills";
      } else {
        realized += t.realizedUsd();
        pnl = "realized P&L " + usd(t.realizedUsd()) + " USD";
      }
      out.printf(
          "   result: %s, %s, fees %s USD%n",
          t.openQuantity() == 0 ? "flat" : "open " + t.openQuantity(), pnl, usd(t.feesUsd()));
    }
    if (report.trades().isEmpty()) {
      out.println("no orders on this day");
    }
    for (Control c : report.controls()) {
      out.printf(
          "control %s %s scope %s by %s: %s%n",
          Instant.ofEpochSecond(0, c.ts()), c.command(), c.scope(), c.operator(), c.reason());
    }
    out.printf(
        "total: %d trade(s), %d with fills, %d open, realized P&L %s USD%s, fees %s USD%n",
        report.trades().size(),
        filled,
        open,
        usd(realized),
        pnlComplete ? "" : " (incomplete)",
        usd(fees));
    out.flush();
  }

  private static void printFills(PrintWriter out, List<TradeFill> fills) {
    for (TradeFill f : fills) {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "     fill %s %s %s %d @ %s fee %s",
              Instant.ofEpochSecond(0, f.ts()),
              f.role(),
              f.side(),
              f.quantity(),
              price(f.price()),
              usd(f.feeUsd())));
      if (f.slippageUsd() != null) {
        s.append(" slippage ").append(usd(f.slippageUsd())).append(" USD");
      }
      if (f.signalToFillNs() != null) {
        s.append(String.format(Locale.ROOT, " signal->fill %.1f ms", f.signalToFillNs() / 1e6));
      }
      out.println(s);
    }
  }

  private static String price(long p) {
    return String.format(Locale.ROOT, "%.2f", Prices.toDouble(p));
  }

  private static String usd(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
