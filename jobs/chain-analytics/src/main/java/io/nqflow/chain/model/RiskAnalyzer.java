package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings.RiskAnalysisSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The risk analysis ("who has more skin in the game") of one expiry: the dollars option holders
 * stand to lose on out-of-the-money calls above the underlying and puts below it, and the strikes
 * where that risk sits (battle zones). Model-independent: every {@link ChainModel} reports it.
 *
 * <p>Per strike K and underlying F (index points), with the multiplier m (USD per point): call risk
 * Oc·Pc·m when K &gt; F, put risk Op·Pp·m when K &lt; F (contracts × points × USD/point = USD). A
 * strike exactly at F is on neither side and carries no risk. Only strikes with a risk above 0 are
 * battle zones (no open interest or no mark there: no zone), so a zone always has open interest and
 * {@link Reinforcement#NEW_POSITIONS_ONLY} does not occur in a zone.
 */
public final class RiskAnalyzer {

  /** Zones by descending danger, then ascending distance, then ascending strike. */
  public static final Comparator<BattleZone> ZONE_ORDER =
      Comparator.comparingDouble(BattleZone::danger)
          .reversed()
          .thenComparingDouble(BattleZone::distance)
          .thenComparingDouble(BattleZone::strike);

  private RiskAnalyzer() {}

  /**
   * Analyzes one expiry.
   *
   * @param chain the expiry's strikes
   * @param underlying F, index points (finite)
   * @param s thresholds
   */
  public static RiskAnalysis analyze(ExpiryChain chain, double underlying, RiskAnalysisSettings s) {
    if (!Double.isFinite(underlying)) {
      throw new IllegalArgumentException(
          "risk analysis of "
              + chain.underlying()
              + ": the underlying price must be finite, got "
              + underlying);
    }
    double m = chain.multiplier();
    double callRisk = 0;
    double putRisk = 0;
    List<BattleZone> zones = new ArrayList<>();
    for (StrikeRow row : chain.strikes()) {
      double k = row.strike();
      Right right;
      long oi;
      long volume;
      double risk;
      if (k > underlying) {
        right = Right.CALL;
        oi = row.callOi();
        volume = row.callVolume();
        risk = oi * row.callMark() * m;
        callRisk += risk;
      } else if (k < underlying) {
        right = Right.PUT;
        oi = row.putOi();
        volume = row.putVolume();
        risk = oi * row.putMark() * m;
        putRisk += risk;
      } else {
        continue;
      }
      if (risk > 0) {
        double distance = Math.abs(k - underlying);
        Urgency urgency = urgency(distance, s);
        double volumeOverOi = oi > 0 ? (double) volume / oi : Double.NaN;
        zones.add(
            new BattleZone(
                k,
                right,
                risk,
                distance,
                urgency,
                risk * dangerFactor(urgency, s),
                volumeOverOi,
                reinforcement(volume, oi, s)));
      }
    }
    zones.sort(ZONE_ORDER);
    double ratio = ratio(callRisk, putRisk);
    return new RiskAnalysis(callRisk, putRisk, ratio, verdict(callRisk, putRisk, s), zones);
  }

  /** Rc / Rp: +infinity when Rp = 0 &lt; Rc, 0 when both are 0. */
  public static double ratio(double callRiskUsd, double putRiskUsd) {
    if (putRiskUsd > 0) {
      return callRiskUsd / putRiskUsd;
    }
    return callRiskUsd > 0 ? Double.POSITIVE_INFINITY : 0.0;
  }

  /**
   * The verdict: call dominance when Rc / Rp is above the call-dominance ratio, put dominance when
   * it is below the put-dominance ratio, else balanced. As the original model defines it, no risk
   * on either side gives the ratio 0 and so put dominance: read such a verdict with the totals.
   */
  public static Verdict verdict(double callRiskUsd, double putRiskUsd, RiskAnalysisSettings s) {
    double ratio = ratio(callRiskUsd, putRiskUsd);
    if (ratio > s.callDominance()) {
      return Verdict.CALL_DOMINANCE;
    }
    if (ratio < s.putDominance()) {
      return Verdict.PUT_DOMINANCE;
    }
    return Verdict.BALANCED;
  }

  /** The distance band: each bound is inclusive (10 points away is IMMEDIATE by default). */
  public static Urgency urgency(double distance, RiskAnalysisSettings s) {
    if (distance <= s.immediateDistance()) {
      return Urgency.IMMEDIATE;
    }
    if (distance <= s.nearTermDistance()) {
      return Urgency.NEAR_TERM;
    }
    if (distance <= s.mediumTermDistance()) {
      return Urgency.MEDIUM_TERM;
    }
    return Urgency.DISTANT;
  }

  /** Danger = risk × this factor. */
  public static double dangerFactor(Urgency urgency, RiskAnalysisSettings s) {
    return switch (urgency) {
      case IMMEDIATE -> s.immediateFactor();
      case NEAR_TERM -> s.nearTermFactor();
      case MEDIUM_TERM -> s.mediumTermFactor();
      case DISTANT -> s.distantFactor();
    };
  }

  /**
   * What a side's session volume over its open interest says: above the heavy ratio HEAVY, above
   * the moderate ratio MODERATE (both strict), else EXISTING_POSITIONS; no open interest:
   * NEW_POSITIONS_ONLY.
   *
   * @param volume the side's session volume at the strike, contracts
   * @param openInterest the side's open interest at the strike, contracts
   */
  public static Reinforcement reinforcement(
      long volume, long openInterest, RiskAnalysisSettings s) {
    if (openInterest <= 0) {
      return Reinforcement.NEW_POSITIONS_ONLY;
    }
    double r = (double) volume / openInterest;
    if (r > s.heavyReinforcement()) {
      return Reinforcement.HEAVY;
    }
    if (r > s.moderateReinforcement()) {
      return Reinforcement.MODERATE;
    }
    return Reinforcement.EXISTING_POSITIONS;
  }
}
