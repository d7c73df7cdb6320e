package io.nqflow.risk.validation;

/**
 * One decided shadow outcome kept in a {@link ValidationWindow}: the signal, when its trade ended
 * (ns since the UNIX epoch, event time) and whether it made money. A POJO for Flink's serializer.
 */
public class ValidationSample {
  public String signalId = "";

  /** Exit event time of the shadow trade, ns since the UNIX epoch. */
  public long tsExit;

  /** pnl_usd &gt; 0. */
  public boolean win;

  public ValidationSample() {}

  public ValidationSample(String signalId, long tsExit, boolean win) {
    this.signalId = signalId;
    this.tsExit = tsExit;
    this.win = win;
  }
}
