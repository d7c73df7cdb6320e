package io.nqflow.eval.report;

import java.util.function.Function;

/** The columns of a figures table: the {@code data-k} key, the heading and the format. */
enum Column {
  SIGNALS("signals", "signals", f -> String.valueOf(f.signals())),
  DECIDED("decided", "decided", f -> String.valueOf(f.decided())),
  WINS("wins", "wins", f -> String.valueOf(f.wins())),
  LOSSES("losses", "losses", f -> String.valueOf(f.losses())),
  ACCURACY("accuracy", "accuracy", f -> Html.pct(f.accuracy())),
  WIN_LOSS("win_loss", "win/loss", f -> Html.ratio(f.winLoss())),
  PROFIT_FACTOR("profit_factor", "profit factor", f -> Html.ratio(f.profitFactor())),
  PNL("pnl_usd", "P&L USD", f -> Html.usd(f.totalPnlUsd())),
  EXPECTANCY("expectancy_usd", "expectancy USD/signal", f -> Html.usd(f.expectancyUsd())),
  DAYS("days", "days", f -> String.valueOf(f.days())),
  SHARPE("sharpe", "Sharpe (ann.)", f -> Html.ratio(f.sharpe())),
  SORTINO("sortino", "Sortino (ann.)", f -> Html.ratio(f.sortino())),
  MAX_DD("max_dd_usd", "max drawdown USD", f -> Html.usd(f.maxDrawdownUsd())),
  MAX_DD_TIME("max_dd_duration", "drawdown duration", f -> Html.duration(f.maxDrawdownNs())),
  FP_RATE("fp_rate", "false positives", f -> Html.pct(f.falsePositiveRate())),
  COST("cost_usd", "cost USD/signal", f -> Html.usd(f.costPerSignalUsd())),
  APPROVED("approved_share", "approved", f -> Html.pct(f.approvedShare())),
  ROI("roi", "ROI", f -> Html.pct(f.roi()));

  private final String key;
  private final String heading;
  private final Function<Figures, String> format;

  Column(String key, String heading, Function<Figures, String> format) {
    this.key = key;
    this.heading = heading;
    this.format = format;
  }

  String key() {
    return key;
  }

  String heading() {
    return heading;
  }

  String format(Figures f) {
    return format.apply(f);
  }
}
