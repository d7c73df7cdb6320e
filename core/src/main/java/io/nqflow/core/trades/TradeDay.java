package io.nqflow.core.trades;

import java.time.LocalDate;
import java.util.List;

/** The trades and control commands of one CME trading day, as reconstructed from ops.audit. */
public record TradeDay(LocalDate day, List<Trade> trades, List<Control> controls) {
  public TradeDay {
    trades = List.copyOf(trades);
    controls = List.copyOf(controls);
  }
}
