package io.nqflow.risk.rules;

import io.nqflow.market.EntryBracket;
import io.nqflow.market.TickGrid;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.book.Usd;

/**
 * The prices of the order a signal would become, on the option tick grid (1e-9 points): the limit,
 * and for an entry its stop-loss and profit target, each rounded toward less risk and less promised
 * reward (docs/risk.md, formulas).
 *
 * @param reference the signal's reference price
 * @param limit entry: floor of the reference plus slippage; exit: ceiling of the reference
 * @param stop the entry's stop-loss; 0 for exits and unpriced signals
 * @param target the entry's profit target; 0 for exits and unpriced signals
 * @param riskPerContractUsd {@code (limit - stop) x multiplier}; 0 unless the stop is below the
 *     limit
 */
public record Bracket(
    long reference, long limit, long stop, long target, double riskPerContractUsd) {

  /** The bracket of an entry ({@code exit} false) or exit at a reference price. */
  public static Bracket of(long reference, boolean exit, double multiplierUsd, RiskSettings s) {
    // An entry follows aggressive flow, so its limit allows a little slippage to stay marketable;
    // the risk and reward checks are computed from that limit, the worst fill price. The entry's
    // prices are those signal evaluation's shadow trade uses (EntryBracket).
    long limit;
    long stop = 0;
    long target = 0;
    double risk = 0;
    if (exit) {
      limit = TickGrid.roundUp(reference);
    } else {
      EntryBracket e =
          EntryBracket.of(
              reference, s.entrySlippageFraction(), s.stopLossFraction(), s.profitTargetFraction());
      limit = e.limit();
      stop = e.stop();
      target = e.target();
      if (stop > 0 && stop < limit) {
        risk = Usd.of(limit - stop, 1, multiplierUsd);
      }
    }
    return new Bracket(reference, limit, stop, target, risk);
  }

  /**
   * The bracket of an opportunity's entry: its own entry, stop and target on the grid, rounded
   * toward less risk and less promised reward ({@code floor(entry)}, {@code ceil(stop)}, {@code
   * floor(target)}); no slippage is added, the entry price is the opportunity's limit.
   */
  public static Bracket ofOpportunity(
      long entryPrice, long stopPrice, long targetPrice, double multiplierUsd) {
    long limit = entryPrice > 0 ? TickGrid.roundDown(entryPrice) : 0;
    long stop = stopPrice > 0 ? TickGrid.roundUp(stopPrice) : 0;
    long target = targetPrice > 0 ? TickGrid.roundDown(targetPrice) : 0;
    double risk = 0;
    if (limit > 0 && stop > 0 && stop < limit) {
      risk = Usd.of(limit - stop, 1, multiplierUsd);
    }
    return new Bracket(entryPrice, limit, stop, target, risk);
  }

  /** Whether there is a positive grid price to limit at. */
  public boolean priced() {
    return reference > 0 && limit > 0;
  }

  /** Whether the stop lies on a tick below the limit. */
  public boolean stopBelowLimit() {
    return stop > 0 && stop < limit;
  }

  /** Reward over risk after rounding: {@code (target - limit) / (limit - stop)}. */
  public double rewardToRisk() {
    return (target - limit) / (double) (limit - stop);
  }
}
