package io.nqflow.chain.model;

import java.util.List;

/**
 * "Who has more skin in the game": dollars at risk on out-of-the-money calls and puts.
 *
 * @param callRiskUsd Rc, USD
 * @param putRiskUsd Rp, USD
 * @param ratio Rc / Rp (infinite when Rp = 0 &lt; Rc, 0 when both are 0)
 * @param verdict call dominance, put dominance or balanced
 * @param zones battle zones by descending danger
 */
public record RiskAnalysis(
    double callRiskUsd, double putRiskUsd, double ratio, Verdict verdict, List<BattleZone> zones) {

  public RiskAnalysis {
    zones = List.copyOf(zones);
  }
}
