package io.nqflow.databento;

import java.math.BigDecimal;

/** A historical request was refused before any data was requested: it would cost over budget. */
public final class BudgetExceededException extends DatabentoException {
  private static final long serialVersionUID = 1L;

  private final BigDecimal costUsd;
  private final BigDecimal budgetUsd;
  private final long billableBytes;

  public BudgetExceededException(
      String request, BigDecimal costUsd, long billableBytes, BigDecimal budgetUsd) {
    super(
        "refused "
            + request
            + ": Databento prices it at $"
            + costUsd.toPlainString()
            + " ("
            + billableBytes
            + " billable bytes), over the budget of $"
            + budgetUsd.toPlainString()
            + " per request; no data was requested");
    this.costUsd = costUsd;
    this.budgetUsd = budgetUsd;
    this.billableBytes = billableBytes;
  }

  public BigDecimal costUsd() {
    return costUsd;
  }

  public BigDecimal budgetUsd() {
    return budgetUsd;
  }

  public long billableBytes() {
    return billableBytes;
  }
}
