package io.nqflow.chain;

import io.nqflow.chain.model.BattleZone;
import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.Positioning;
import io.nqflow.chain.model.Right;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.common.v1.Direction;
import io.nqflow.core.ids.Ids;
import io.nqflow.market.Black76;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import io.nqflow.signals.v1.Opportunity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a ranked setup of the underlying into an {@link Opportunity}: the option to trade and its
 * entry, target and stop prices.
 *
 * <p>The option: for a LONG setup the call, for a SHORT one the put, of the chain's expiry, at the
 * listed strike nearest the underlying F (on a tie the one further out of the money: the higher
 * strike for a call, the lower for a put). Its entry price is its mark; its target and stop prices
 * are its Black-76 values with the underlying at the setup's target and stop levels, at the
 * volatility its mark implies at F (the fallback volatility when the mark implies none) and the
 * time to expiry from the ranking's event time. Every price is 1e-9 fixed point, rounded to the
 * nearest price of the option tick grid ({@link TickGrid#nearest}: at least one tick). An option
 * without a mark enters at its Black-76 value at F and the fallback volatility.
 */
public final class OpportunityMapper {
  private final String variant;
  private final double fallbackVol;
  private final Black76 black76;

  /**
   * @param variant A/B variant written into every opportunity
   * @param fallbackVol annual volatility when an option's mark implies none
   */
  public OpportunityMapper(String variant, double fallbackVol) {
    this.variant = variant;
    this.fallbackVol = fallbackVol;
    this.black76 = Black76.STANDARD;
  }

  /**
   * The opportunity of one setup, or null when the chain lists no option of the setup's side.
   *
   * @param result the ranking the setup comes from
   * @param setup the setup
   * @param rank its rank, 1 = highest expected value
   * @param tsEventNs event time of the ranking, ns since the UNIX epoch
   */
  public Opportunity map(ModelResult result, Setup setup, int rank, long tsEventNs) {
    ExpiryChain chain = result.chain();
    double f = result.underlying();
    Right right = setup.direction() == SetupDirection.LONG ? Right.CALL : Right.PUT;
    ChainContract option = optionAtNearestStrike(chain, right, f);
    if (option == null) {
      return null;
    }
    boolean call = right == Right.CALL;
    double years =
        Math.max(0, (option.expirationNs() - tsEventNs) / 1e9) / Black76.SECONDS_PER_YEAR;
    double mark = option.mark();
    double vol = mark > 0 ? black76.impliedVol(call, f, option.strike(), years, mark) : Double.NaN;
    if (Double.isNaN(vol)) {
      vol = fallbackVol;
    }
    double entry = mark > 0 ? mark : black76.price(call, f, option.strike(), years, vol);
    double target = black76.price(call, setup.target(), option.strike(), years, vol);
    double stop = black76.price(call, setup.stop(), option.strike(), years, vol);

    RiskAnalysis risk = result.risk();
    Positioning pos = result.positioning();
    Opportunity.Builder b =
        Opportunity.newBuilder()
            .setOpportunityId(
                opportunityId(
                    variant,
                    chain.underlying(),
                    chain.expirationNs(),
                    tsEventNs,
                    rank,
                    result.model()))
            .setVariant(variant)
            .setUnderlying(chain.underlying())
            .setInstrumentId(option.instrumentId())
            .setRawSymbol(option.symbol())
            .setDirection(
                setup.direction() == SetupDirection.LONG ? Direction.BULLISH : Direction.BEARISH)
            .setEntryPrice(onGrid(entry))
            .setTargetPrice(onGrid(target))
            .setStopPrice(onGrid(stop))
            .setExpectedValuePoints(setup.ev())
            .setProbability(setup.probability())
            .setMaxRiskPoints(setup.risk())
            .setRiskReward(setup.rewardRisk())
            .setScore(setup.ev())
            .setTsEvent(tsEventNs)
            .setSourceSignalIds(List.of())
            .setRationale(rationale(result, setup))
            .setModel(result.model())
            .setRank(rank)
            .setExpiration(chain.expirationNs())
            .setUnderlyingPrice(f)
            .setTargetLevel(setup.target())
            .setStopLevel(setup.stop())
            .setRewardPoints(setup.reward())
            .setFactors(factors(setup.factors()));
    if (risk != null) {
      b.setVerdict(risk.verdict().name())
          .setCallRiskUsd(risk.callRiskUsd())
          .setPutRiskUsd(risk.putRiskUsd())
          .setBattleZones(zones(risk.zones()));
    }
    if (pos != null) {
      b.setZeroGamma(pos.zeroGamma())
          .setCallWall(pos.callWall())
          .setPutWall(pos.putWall())
          .setMaxPain(pos.maxPain());
    }
    return b.build();
  }

  /**
   * The deterministic id of the opportunity ranked {@code rank} in one ranking: the same inputs
   * replayed give the same id.
   */
  public static String opportunityId(
      String variant,
      String underlying,
      long expirationNs,
      long tsEventNs,
      int rank,
      String model) {
    return Ids.of("opp", variant, underlying, expirationNs, tsEventNs, rank, model);
  }

  /**
   * The listed option of {@code right} at the strike nearest {@code f}; on a tie the one further
   * out of the money. Null when the chain lists none of that side.
   */
  public static ChainContract optionAtNearestStrike(ExpiryChain chain, Right right, double f) {
    ChainContract best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (StrikeRow row : chain.strikes()) {
      ChainContract c = row.side(right);
      if (c == null) {
        continue;
      }
      double d = Math.abs(row.strike() - f);
      // Strikes ascend: a call's tie goes to the later (higher) strike, a put's stays earlier.
      if (d < bestDistance || (d == bestDistance && right == Right.CALL)) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Index points to 1e-9 fixed point on the option tick grid (nearest, at least one tick). */
  static long onGrid(double points) {
    return TickGrid.nearest(Prices.fromDouble(points));
  }

  /**
   * One line a person reads, e.g. {@code original: long 21050/20950, p 0.64, EV +17.3 pts; call
   * dominance 2.4; zone 21000 C IMMEDIATE}.
   */
  static String rationale(ModelResult result, Setup s) {
    StringBuilder b = new StringBuilder();
    b.append(result.model())
        .append(": ")
        .append(s.direction().name().toLowerCase(Locale.ROOT))
        .append(' ')
        .append(level(s.target()))
        .append('/')
        .append(level(s.stop()))
        .append(String.format(Locale.ROOT, ", p %.2f, EV %+.1f pts", s.probability(), s.ev()));
    RiskAnalysis risk = result.risk();
    if (risk != null) {
      b.append("; ").append(risk.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      double ratio = risk.ratio();
      b.append(' ')
          .append(Double.isInfinite(ratio) ? "inf" : String.format(Locale.ROOT, "%.1f", ratio));
      if (!risk.zones().isEmpty()) {
        BattleZone z = risk.zones().get(0);
        b.append("; zone ")
            .append(level(z.strike()))
            .append(' ')
            .append(z.right().code())
            .append(' ')
            .append(z.urgency().name());
      }
    }
    return b.toString();
  }

  /** A level without trailing zeros: 21050, 21050.25. */
  static String level(double points) {
    return java.math.BigDecimal.valueOf(points).stripTrailingZeros().toPlainString();
  }

  private static Map<String, Double> factors(Map<String, Double> f) {
    Map<String, Double> out = new LinkedHashMap<>();
    f.forEach((k, v) -> out.put(k, v));
    return out;
  }

  private static List<io.nqflow.signals.v1.BattleZone> zones(List<BattleZone> zones) {
    List<io.nqflow.signals.v1.BattleZone> out = new ArrayList<>(zones.size());
    for (BattleZone z : zones) {
      out.add(
          io.nqflow.signals.v1.BattleZone.newBuilder()
              .setStrike(z.strike())
              .setRight(z.right().code())
              .setRiskUsd(z.riskUsd())
              .setDistance(z.distance())
              .setUrgency(z.urgency().name())
              .setDanger(z.danger())
              .setReinforcement(z.reinforcement().name())
              .build());
    }
    return out;
  }
}
