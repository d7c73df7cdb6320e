package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings.OriginalSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original model's chain-wide factors for one trade direction: the open-interest, volume and
 * put/call premium factors, each in [0, 1], the same for every setup of that direction (only the
 * distance factor depends on the target).
 *
 * <p>Over all strikes K of the expiry, with F the underlying (index points):
 *
 * <ul>
 *   <li>strike weight w(K) by |K − F| / F: {@code weight1} up to {@code band1} (inclusive), {@code
 *       weight2} up to {@code band2}, {@code weight3} up to {@code band3}, {@code weightBeyond}
 *       beyond;
 *   <li>direction modifier: {@code sameSideModifier} for strikes on the trade's side of F (K &gt; F
 *       for a long, K &lt; F for a short), {@code otherSideModifier} for the others, including a
 *       strike exactly at F;
 *   <li>OI = Σ(Oc + Op)·w·mod / max(Oc + Op), clamped to [0, 1]; 0 when no strike has open
 *       interest;
 *   <li>VOL = Σ(Vc + Vp)·w·mod / max(Vc + Vp), clamped to [0, 1]; 0 when no strike has volume;
 *   <li>PCR = (x + 1) / 2 with x = (ΣPc·Oc − ΣPp·Op) / (ΣPc·Oc + ΣPp·Op) (premium in points ×
 *       contracts), x negated for a short; x = 0 (PCR 0.5) when the denominator is 0.
 * </ul>
 *
 * @param direction the trade direction
 * @param oi the open-interest factor, 0..1
 * @param volume the volume factor, 0..1
 * @param pcr the put/call premium factor, 0..1
 */
public record OriginalFactors(SetupDirection direction, double oi, double volume, double pcr) {

  /** Factor names in {@link Setup#factors()}. */
  public static final String OI = "oi";

  public static final String VOLUME = "volume";
  public static final String PCR = "pcr";
  public static final String DISTANCE = "distance";

  /**
   * The factors of one direction.
   *
   * @param chain the expiry's strikes
   * @param underlying F, index points (positive)
   * @param direction long or short
   * @param s the model's settings
   */
  public static OriginalFactors of(
      ExpiryChain chain, double underlying, SetupDirection direction, OriginalSettings s) {
    double oiSum = 0;
    double oiMax = 0;
    double volSum = 0;
    double volMax = 0;
    double callPremium = 0;
    double putPremium = 0;
    for (StrikeRow row : chain.strikes()) {
      double k = row.strike();
      double wm = strikeWeight(k, underlying, s) * directionModifier(k, underlying, direction, s);
      double oi = row.callOi() + row.putOi();
      double vol = row.callVolume() + row.putVolume();
      oiSum += oi * wm;
      oiMax = Math.max(oiMax, oi);
      volSum += vol * wm;
      volMax = Math.max(volMax, vol);
      callPremium += row.callMark() * row.callOi();
      putPremium += row.putMark() * row.putOi();
    }
    double oiFactor = oiMax > 0 ? clamp01(oiSum / oiMax) : 0.0;
    double volFactor = volMax > 0 ? clamp01(volSum / volMax) : 0.0;
    double denominator = callPremium + putPremium;
    double x = denominator != 0 ? (callPremium - putPremium) / denominator : 0.0;
    if (direction == SetupDirection.SHORT) {
      x = -x;
    }
    return new OriginalFactors(direction, oiFactor, volFactor, (x + 1) / 2);
  }

  /** w(K): the weight of the band |K − F| / F falls in (bounds inclusive). */
  public static double strikeWeight(double strike, double underlying, OriginalSettings s) {
    double away = Math.abs(strike - underlying) / underlying;
    if (away <= s.band1()) {
      return s.weight1();
    }
    if (away <= s.band2()) {
      return s.weight2();
    }
    if (away <= s.band3()) {
      return s.weight3();
    }
    return s.weightBeyond();
  }

  /** The direction modifier: same side for K above F (long) or below F (short), else other. */
  public static double directionModifier(
      double strike, double underlying, SetupDirection direction, OriginalSettings s) {
    boolean sameSide = direction == SetupDirection.LONG ? strike > underlying : strike < underlying;
    return sameSide ? s.sameSideModifier() : s.otherSideModifier();
  }

  /** DIST = 1 − |F − target| / F, clamped to [0, 1]. */
  public static double distanceFactor(double underlying, double target) {
    return clamp01(1 - Math.abs(underlying - target) / underlying);
  }

  /**
   * p = wOi·OI + wVol·VOL + wPcr·PCR + wDist·DIST, clamped to [min_probability, max_probability].
   */
  public double probability(double distanceFactor, OriginalSettings s) {
    double p =
        s.oiWeight() * oi
            + s.volumeWeight() * volume
            + s.pcrWeight() * pcr
            + s.distanceWeight() * distanceFactor;
    return Math.min(s.maxProbability(), Math.max(s.minProbability(), p));
  }

  /** The factors as {@link Setup#factors()} holds them: oi, volume, pcr, distance. */
  public Map<String, Double> asMap(double distanceFactor) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(OI, oi);
    m.put(VOLUME, volume);
    m.put(PCR, pcr);
    m.put(DISTANCE, distanceFactor);
    return m;
  }

  private static double clamp01(double v) {
    return Math.min(1.0, Math.max(0.0, v));
  }
}
