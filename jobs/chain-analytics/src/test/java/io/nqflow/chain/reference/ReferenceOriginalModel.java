package io.nqflow.chain.reference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.chain.model.Reinforcement;
import io.nqflow.chain.model.Right;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.Urgency;
import io.nqflow.chain.model.Verdict;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A second, test-only implementation of the original chain-analysis model, written from its
 * specification alone so that tests can hold the production model against it. It reads a chain
 * snapshot file itself (Jackson tree model), keeps money in {@link BigDecimal} ({@link
 * MathContext#DECIMAL128}, USD) and computes the probabilities with plain doubles in one loop per
 * setup. Prices and strikes are index points; risk and danger are USD.
 *
 * <p>Decisions where the specification is silent (the production model is given the same): a strike
 * exactly at the underlying carries no risk and gets the other-side modifier; battle zones only
 * where the risk is positive; zones tied on danger by smaller distance, then lower strike; a factor
 * whose maximum is 0 is 0; a PCR whose denominator is 0 has x = 0; the underlying estimate uses
 * only strikes with both a call and a put; setups ranked by EV, then reward/risk (both descending),
 * then target, then stop (both ascending). Further choices of this implementation: the estimate
 * takes the first sign change of call minus put mark in ascending strike order (a strict change:
 * both sides non-zero), else the strike with the smallest |C - P|, the lower one on a tie; a zone's
 * volume is its side's volume; a 0/0 ratio of 0 is a PUT_DOMINANCE verdict (0 is below 0.5).
 */
public final class ReferenceOriginalModel {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  // The original system's figures, written out here rather than read from the production settings.
  private static final double MAX_RISK = 150;
  private static final double MIN_REWARD_RISK = 1.0;
  private static final double MIN_EV = 15;
  private static final double MIN_PROBABILITY = 0.60;

  private ReferenceOriginalModel() {}

  /**
   * One option of the snapshot file.
   *
   * @param strike strike, points
   * @param right call or put
   * @param expiration expiry; a date in the file is its start (00:00 UTC)
   * @param bid best bid, points, null when none
   * @param ask best ask, points, null when none
   * @param last last price, points, null when none
   * @param volume session volume, contracts
   * @param openInterest open interest, contracts
   */
  public record Quote(
      BigDecimal strike,
      Right right,
      Instant expiration,
      BigDecimal bid,
      BigDecimal ask,
      BigDecimal last,
      long volume,
      long openInterest) {

    /** Midpoint when both sides are quoted, else the last price, else 0; points. */
    public BigDecimal mark() {
      if (bid != null && ask != null) {
        return bid.add(ask).divide(BigDecimal.valueOf(2), MC);
      }
      return last != null ? last : BigDecimal.ZERO;
    }
  }

  /**
   * A snapshot file.
   *
   * @param underlying underlying symbol
   * @param underlyingPrice points, null when the file gives none
   * @param multiplier USD per point
   * @param asOf the snapshot's moment
   * @param quotes all options, file order
   */
  public record Snapshot(
      String underlying,
      BigDecimal underlyingPrice,
      BigDecimal multiplier,
      Instant asOf,
      List<Quote> quotes) {}

  /**
   * A battle zone.
   *
   * @param strike points
   * @param side the side at risk
   * @param risk OI x mark x multiplier, USD (exact)
   * @param danger risk x the urgency factor, USD (exact)
   * @param distance |K - F|, points
   * @param urgency distance band
   * @param volumeOverOi the side's volume over its OI
   * @param reinforcement what that ratio says
   */
  public record Zone(
      double strike,
      Right side,
      BigDecimal risk,
      BigDecimal danger,
      double distance,
      Urgency urgency,
      double volumeOverOi,
      Reinforcement reinforcement) {}

  /**
   * A candidate setup with the probability's four factors.
   *
   * @param direction long or short
   * @param target tp, points
   * @param stop sl, points
   * @param reward |tp - F|, points
   * @param risk |F - sl|, points
   * @param p probability of tp first
   * @param ev p x reward - (1 - p) x risk, points
   * @param oi the OI factor, 0..1
   * @param volume the volume factor, 0..1
   * @param pcr the premium factor, 0..1
   * @param dist the distance factor, 0..1
   */
  public record Candidate(
      SetupDirection direction,
      double target,
      double stop,
      double reward,
      double risk,
      double p,
      double ev,
      double oi,
      double volume,
      double pcr,
      double dist) {

    double rewardRisk() {
      return reward / risk;
    }

    boolean isQuality() {
      return ev >= MIN_EV
          && p >= MIN_PROBABILITY
          && risk <= MAX_RISK
          && rewardRisk() >= MIN_REWARD_RISK;
    }
  }

  /**
   * The model's output for one expiry.
   *
   * @param expiration the expiry
   * @param underlying F, points
   * @param estimated whether F was estimated from the chain
   * @param callRisk Rc, USD (exact)
   * @param putRisk Rp, USD (exact)
   * @param ratio Rc / Rp
   * @param verdict from the ratio
   * @param zones by descending danger
   * @param candidates every setup within the risk and reward/risk bounds, ranked
   * @param quality the quality setups, ranked
   */
  public record ExpiryResult(
      Instant expiration,
      double underlying,
      boolean estimated,
      BigDecimal callRisk,
      BigDecimal putRisk,
      double ratio,
      Verdict verdict,
      List<Zone> zones,
      List<Candidate> candidates,
      List<Candidate> quality) {

    /** Rc rounded to the cent (HALF_EVEN). */
    public BigDecimal callRiskCents() {
      return callRisk.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Rp rounded to the cent (HALF_EVEN). */
    public BigDecimal putRiskCents() {
      return putRisk.setScale(2, RoundingMode.HALF_EVEN);
    }
  }

  /** One strike of one expiry with its call and put (either may be null). */
  private static final class Level {
    final double strike;
    Quote call;
    Quote put;

    Level(double strike) {
      this.strike = strike;
    }

    long oi(Quote q) {
      return q == null ? 0 : q.openInterest();
    }

    long vol(Quote q) {
      return q == null ? 0 : q.volume();
    }

    BigDecimal mark(Quote q) {
      return q == null ? BigDecimal.ZERO : q.mark();
    }
  }

  // ---------------------------------------------------------------- reading

  /** Reads a snapshot file. */
  public static Snapshot read(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a snapshot's JSON text. */
  public static Snapshot parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    JsonNode price = root.get("underlying_price");
    List<Quote> quotes = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.path("contracts")) {
      String where = "contracts[" + i++ + "]";
      if (!c.hasNonNull("strike") || !c.hasNonNull("type") || !c.hasNonNull("expiration")) {
        throw new IllegalArgumentException(where + ": strike, type and expiration are required");
      }
      quotes.add(
          new Quote(
              c.get("strike").decimalValue(),
              Right.of(c.get("type").asText()),
              expiration(c.get("expiration").asText()),
              decimalOrNull(c.get("bid")),
              decimalOrNull(c.get("ask")),
              decimalOrNull(c.get("last")),
              c.path("volume").asLong(0),
              c.path("open_interest").asLong(0)));
    }
    return new Snapshot(
        root.path("underlying").asText(""),
        price == null || price.isNull() ? null : price.decimalValue(),
        root.get("multiplier").decimalValue(),
        Instant.parse(root.get("as_of").asText()),
        quotes);
  }

  private static BigDecimal decimalOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.decimalValue();
  }

  private static Instant expiration(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(text);
  }

  // ---------------------------------------------------------------- the model

  /** Runs the model on each expiry of a snapshot, nearest expiry first. */
  public static List<ExpiryResult> analyze(Snapshot snapshot) {
    Map<Instant, List<Quote>> byExpiry = new TreeMap<>();
    for (Quote q : snapshot.quotes()) {
      byExpiry.computeIfAbsent(q.expiration(), e -> new ArrayList<>()).add(q);
    }
    List<ExpiryResult> out = new ArrayList<>();
    for (Map.Entry<Instant, List<Quote>> e : byExpiry.entrySet()) {
      out.add(
          analyzeExpiry(
              e.getKey(), e.getValue(), snapshot.multiplier(), snapshot.underlyingPrice()));
    }
    return out;
  }

  /** Runs the model on one expiry; {@code underlyingPrice} null estimates F from the chain. */
  public static ExpiryResult analyzeExpiry(
      Instant expiration, List<Quote> quotes, BigDecimal multiplier, BigDecimal underlyingPrice) {
    TreeMap<BigDecimal, Level> byStrike = new TreeMap<>();
    for (Quote q : quotes) {
      Level level = byStrike.computeIfAbsent(q.strike(), k -> new Level(q.strike().doubleValue()));
      if (q.right() == Right.CALL) {
        if (level.call != null) {
          throw new IllegalArgumentException(
              "two calls at strike " + q.strike().stripTrailingZeros().toPlainString());
        }
        level.call = q;
      } else {
        if (level.put != null) {
          throw new IllegalArgumentException(
              "two puts at strike " + q.strike().stripTrailingZeros().toPlainString());
        }
        level.put = q;
      }
    }
    List<Level> levels = new ArrayList<>(byStrike.values());
    boolean estimated = underlyingPrice == null;
    double f = estimated ? estimateUnderlying(levels) : underlyingPrice.doubleValue();

    // Risk analysis, in exact decimals.
    BigDecimal rc = BigDecimal.ZERO;
    BigDecimal rp = BigDecimal.ZERO;
    List<Zone> zones = new ArrayList<>();
    for (Level l : levels) {
      Quote q;
      if (l.strike > f) {
        q = l.call;
      } else if (l.strike < f) {
        q = l.put;
      } else {
        continue; // at the money: no risk on either side
      }
      BigDecimal risk =
          BigDecimal.valueOf(l.oi(q)).multiply(l.mark(q), MC).multiply(multiplier, MC);
      if (l.strike > f) {
        rc = rc.add(risk, MC);
      } else {
        rp = rp.add(risk, MC);
      }
      if (risk.signum() > 0) {
        zones.add(zone(l, q, risk, f));
      }
    }
    zones.sort(
        Comparator.comparing(Zone::danger)
            .reversed()
            .thenComparingDouble(Zone::distance)
            .thenComparingDouble(Zone::strike));
    double ratio;
    if (rp.signum() == 0) {
      ratio = rc.signum() == 0 ? 0.0 : Double.POSITIVE_INFINITY;
    } else {
      ratio = rc.divide(rp, MC).doubleValue();
    }
    Verdict verdict;
    if (rp.signum() == 0) {
      verdict = rc.signum() == 0 ? Verdict.PUT_DOMINANCE : Verdict.CALL_DOMINANCE;
    } else if (rc.compareTo(rp.multiply(BigDecimal.valueOf(2))) > 0) {
      verdict = Verdict.CALL_DOMINANCE;
    } else if (rc.compareTo(rp.multiply(new BigDecimal("0.5"))) < 0) {
      verdict = Verdict.PUT_DOMINANCE;
    } else {
      verdict = Verdict.BALANCED;
    }

    // Expected value over every pair of strikes.
    List<Candidate> candidates = new ArrayList<>();
    for (Level t : levels) {
      for (Level s : levels) {
        double tp = t.strike;
        double sl = s.strike;
        SetupDirection dir;
        if (tp > f && f > sl) {
          dir = SetupDirection.LONG;
        } else if (tp < f && f < sl) {
          dir = SetupDirection.SHORT;
        } else {
          continue;
        }
        double reward = Math.abs(tp - f);
        double risk = Math.abs(f - sl);
        if (risk > MAX_RISK || reward / risk < MIN_REWARD_RISK) {
          continue;
        }
        candidates.add(candidate(levels, f, dir, tp, sl, reward, risk));
      }
    }
    candidates.sort(
        Comparator.comparingDouble(Candidate::ev)
            .reversed()
            .thenComparing(Comparator.comparingDouble(Candidate::rewardRisk).reversed())
            .thenComparingDouble(Candidate::target)
            .thenComparingDouble(Candidate::stop));
    List<Candidate> quality = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.isQuality()) {
        quality.add(c);
      }
    }
    return new ExpiryResult(
        expiration,
        f,
        estimated,
        rc,
        rp,
        ratio,
        verdict,
        List.copyOf(zones),
        List.copyOf(candidates),
        List.copyOf(quality));
  }

  private static Zone zone(Level l, Quote q, BigDecimal risk, double f) {
    double d = Math.abs(l.strike - f);
    Urgency urgency;
    BigDecimal factor;
    if (d <= 10) {
      urgency = Urgency.IMMEDIATE;
      factor = new BigDecimal("3");
    } else if (d <= 25) {
      urgency = Urgency.NEAR_TERM;
      factor = new BigDecimal("2");
    } else if (d <= 50) {
      urgency = Urgency.MEDIUM_TERM;
      factor = BigDecimal.ONE;
    } else {
      urgency = Urgency.DISTANT;
      factor = new BigDecimal("0.5");
    }
    long oi = l.oi(q);
    double volOverOi;
    Reinforcement reinforcement;
    if (oi == 0) {
      volOverOi = Double.NaN;
      reinforcement = Reinforcement.NEW_POSITIONS_ONLY;
    } else {
      volOverOi = (double) l.vol(q) / oi;
      if (volOverOi > 1.0) {
        reinforcement = Reinforcement.HEAVY;
      } else if (volOverOi > 0.5) {
        reinforcement = Reinforcement.MODERATE;
      } else {
        reinforcement = Reinforcement.EXISTING_POSITIONS;
      }
    }
    return new Zone(
        l.strike, q.right(), risk, risk.multiply(factor, MC), d, urgency, volOverOi, reinforcement);
  }

  /** The probability's factors and the setup's EV, straight from the formulas. */
  private static Candidate candidate(
      List<Level> levels,
      double f,
      SetupDirection dir,
      double tp,
      double sl,
      double reward,
      double risk) {
    double oiSum = 0;
    double oiMax = 0;
    double volSum = 0;
    double volMax = 0;
    double callPremium = 0;
    double putPremium = 0;
    for (Level l : levels) {
      double k = l.strike;
      double rel = Math.abs(k - f) / f;
      double w;
      if (rel <= 0.01) {
        w = 1.0;
      } else if (rel <= 0.02) {
        w = 0.8;
      } else if (rel <= 0.05) {
        w = 0.5;
      } else {
        w = 0.2;
      }
      boolean tradeSide = dir == SetupDirection.LONG ? k > f : k < f;
      double mod = tradeSide ? 1.0 : -0.5;
      double oi = l.oi(l.call) + l.oi(l.put);
      double vol = l.vol(l.call) + l.vol(l.put);
      oiSum += oi * w * mod;
      volSum += vol * w * mod;
      oiMax = Math.max(oiMax, oi);
      volMax = Math.max(volMax, vol);
      callPremium += l.mark(l.call).doubleValue() * l.oi(l.call);
      putPremium += l.mark(l.put).doubleValue() * l.oi(l.put);
    }
    double oiFactor = oiMax == 0 ? 0 : clamp(oiSum / oiMax, 0, 1);
    double volFactor = volMax == 0 ? 0 : clamp(volSum / volMax, 0, 1);
    double denominator = callPremium + putPremium;
    double x = denominator == 0 ? 0 : (callPremium - putPremium) / denominator;
    if (dir == SetupDirection.SHORT) {
      x = -x;
    }
    double pcr = (x + 1) / 2;
    double dist = clamp(1 - Math.abs(f - tp) / f, 0, 1);
    double p = clamp(0.35 * oiFactor + 0.25 * volFactor + 0.25 * pcr + 0.15 * dist, 0.1, 0.9);
    double ev = p * reward - (1 - p) * risk;
    return new Candidate(dir, tp, sl, reward, risk, p, ev, oiFactor, volFactor, pcr, dist);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /**
   * F from the chain: where call minus put mark changes sign between two adjacent strikes that list
   * both sides, by linear interpolation; else the strike with the smallest |C - P|.
   */
  static double estimateUnderlying(List<Level> levels) {
    List<Level> both = new ArrayList<>();
    for (Level l : levels) {
      if (l.call != null && l.put != null) {
        both.add(l);
      }
    }
    if (both.isEmpty()) {
      throw new IllegalArgumentException(
          "no underlying price given and no strike with both a call and a put to estimate it");
    }
    for (int i = 0; i + 1 < both.size(); i++) {
      Level a = both.get(i);
      Level b = both.get(i + 1);
      double da = a.call.mark().doubleValue() - a.put.mark().doubleValue();
      double db = b.call.mark().doubleValue() - b.put.mark().doubleValue();
      if ((da > 0 && db < 0) || (da < 0 && db > 0)) {
        return a.strike + (b.strike - a.strike) * da / (da - db);
      }
    }
    Level best = both.get(0);
    double bestGap = Double.POSITIVE_INFINITY;
    for (Level l : both) {
      double gap = Math.abs(l.call.mark().doubleValue() - l.put.mark().doubleValue());
      if (gap < bestGap) {
        best = l;
        bestGap = gap;
      }
    }
    return best.strike;
  }
}
