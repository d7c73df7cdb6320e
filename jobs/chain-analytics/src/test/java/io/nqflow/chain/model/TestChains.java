package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.ChainAnalyticsSettings.OriginalSettings;
import io.nqflow.chain.ChainAnalyticsSettings.QualitySettings;
import io.nqflow.chain.ChainAnalyticsSettings.RiskAnalysisSettings;
import java.util.List;

/** Small chains and settings for the model tests. */
final class TestChains {

  static final long EXPIRY = 1_780_000_000_000_000_000L;

  private TestChains() {}

  /** A call quoted mark ± 0.25 (so its mark is {@code mark}). */
  static ChainContract call(double strike, double mark, long volume, long oi) {
    return ChainContract.quoted(
        strike, Right.CALL, EXPIRY, mark - 0.25, mark + 0.25, null, volume, oi);
  }

  /** A put quoted mark ± 0.25. */
  static ChainContract put(double strike, double mark, long volume, long oi) {
    return ChainContract.quoted(
        strike, Right.PUT, EXPIRY, mark - 0.25, mark + 0.25, null, volume, oi);
  }

  /** A contract with only a last price. */
  static ChainContract lastOnly(double strike, Right right, double last, long volume, long oi) {
    return ChainContract.quoted(strike, right, EXPIRY, null, null, last, volume, oi);
  }

  /** A contract with no price at all (mark 0). */
  static ChainContract unpriced(double strike, Right right, long volume, long oi) {
    return ChainContract.quoted(strike, right, EXPIRY, null, null, null, volume, oi);
  }

  static StrikeRow row(double strike, ChainContract call, ChainContract put) {
    return new StrikeRow(strike, call, put);
  }

  /** An NQ chain ($20 a point). */
  static ExpiryChain chain(StrikeRow... rows) {
    return chain(20, rows);
  }

  static ExpiryChain chain(double multiplier, StrikeRow... rows) {
    return new ExpiryChain("NQM6", EXPIRY, multiplier, List.of(rows));
  }

  static ChainAnalyticsSettings settings(
      RiskAnalysisSettings risk, OriginalSettings original, QualitySettings quality) {
    ChainAnalyticsSettings d = ChainAnalyticsSettings.defaults();
    return new ChainAnalyticsSettings(
        d.variant(),
        d.model(),
        d.interval(),
        d.top(),
        risk,
        original,
        quality,
        d.black76(),
        d.positioning());
  }

  static ChainAnalyticsSettings withOriginal(OriginalSettings original) {
    ChainAnalyticsSettings d = ChainAnalyticsSettings.defaults();
    return settings(d.risk(), original, d.quality());
  }

  static ChainAnalyticsSettings withQuality(QualitySettings quality) {
    ChainAnalyticsSettings d = ChainAnalyticsSettings.defaults();
    return settings(d.risk(), d.original(), quality);
  }

  static ChainAnalyticsSettings withRisk(RiskAnalysisSettings risk) {
    ChainAnalyticsSettings d = ChainAnalyticsSettings.defaults();
    return settings(risk, d.original(), d.quality());
  }

  /** The original settings with the four probability weights replaced. */
  static OriginalSettings weights(double oi, double volume, double pcr, double distance) {
    OriginalSettings d = OriginalSettings.defaults();
    return new OriginalSettings(
        oi,
        volume,
        pcr,
        distance,
        d.minProbability(),
        d.maxProbability(),
        d.band1(),
        d.band2(),
        d.band3(),
        d.weight1(),
        d.weight2(),
        d.weight3(),
        d.weightBeyond(),
        d.sameSideModifier(),
        d.otherSideModifier());
  }
}
