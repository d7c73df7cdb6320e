package io.nqflow.chain.reference;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the realistic NQ chain snapshots of {@code src/test/resources/chains/} (test fixtures):
 * two expiries (7 and 35 days) around F = 21,012.5 with 25-point strikes, premiums from Black-76
 * with a put skew, quotes on the 0.25 tick with spreads widening away from the money, open interest
 * peaking at round strikes and on the out-of-the-money side, session volume concentrated near the
 * money, and the gaps a real chain shows: missing bids or quotes far out of the money, strikes with
 * only a call or only a put, strikes without open interest. Deterministic (fixed seed, {@link
 * StrictMath}); {@code nq-realistic-estimated.json} is the same chain without the underlying price.
 *
 * <p>Regenerate: {@code java -cp jobs/chain-analytics/target/test-classes
 * io.nqflow.chain.reference.ChainFixtureGenerator jobs/chain-analytics/src/test/resources/chains}
 * (after test-compile; {@code ChainFixturesTest} fails when the files and this class disagree).
 */
public final class ChainFixtureGenerator {

  static final double F = 21012.5;
  static final String AS_OF = "2026-03-13T19:00:00Z";
  private static final long SEED = 20260313L;
  private static final double TICK = 0.25;

  private ChainFixtureGenerator() {}

  /** One expiry to generate: date, years to expiry, strike range, ATM vol, OI scale. */
  private record Expiry(String date, double years, int lowStrike, int highStrike, double vol) {}

  private static final Expiry[] EXPIRIES = {
    new Expiry("2026-03-20", 7 / 365.0, 20000, 22000, 0.18),
    new Expiry("2026-04-17", 35 / 365.0, 19800, 22200, 0.19),
  };

  /** Writes both files into {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "jobs/chain-analytics/src/test/resources/chains");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("nq-realistic.json"), generate(true));
    Files.writeString(dir.resolve("nq-realistic-estimated.json"), generate(false));
  }

  /** The snapshot's JSON text, with or without the underlying price. */
  static String generate(boolean withUnderlyingPrice) {
    Random rnd = new Random(SEED);
    StringBuilder out = new StringBuilder();
    out.append("{\n  \"underlying\": \"NQH7\",\n");
    if (withUnderlyingPrice) {
      out.append("  \"underlying_price\": ").append(num(F)).append(",\n");
    }
    out.append("  \"multiplier\": 20,\n  \"as_of\": \"").append(AS_OF).append("\",\n");
    out.append("  \"contracts\": [\n");
    boolean first = true;
    for (Expiry e : EXPIRIES) {
      double oiScale = e.years() > 0.05 ? 1.5 : 1.0;
      for (int k = e.lowStrike(); k <= e.highStrike(); k += 25) {
        double away = k - F;
        boolean farAbove = away > 700;
        boolean farBelow = away < -700;
        // Far from the money, one side is often not listed.
        boolean listCall = !(farBelow && rnd.nextDouble() < 0.3);
        boolean listPut = !(farAbove && rnd.nextDouble() < 0.3);
        double sigma = smile(e.vol(), k);
        double[] theo = black76(F, k, sigma, e.years());
        for (int side = 0; side < 2; side++) {
          boolean call = side == 0;
          double noise = rnd.nextDouble();
          double noise2 = rnd.nextDouble();
          double noise3 = rnd.nextDouble();
          double noise4 = rnd.nextDouble();
          if (call ? !listCall : !listPut) {
            continue;
          }
          boolean otm = call ? k > F : k < F;
          long oi = openInterest(k, otm, oiScale, noise, noise2);
          long volume = volume(k, oi, noise3, noise4);
          String quote = quote(theo[side], k, otm, volume, rnd);
          out.append(first ? "" : ",\n");
          first = false;
          out.append("    {\"strike\": ")
              .append(k)
              .append(", \"type\": \"")
              .append(call ? "C" : "P")
              .append("\", \"expiration\": \"")
              .append(e.date())
              .append("\", ")
              .append(quote)
              .append(", \"volume\": ")
              .append(volume)
              .append(", \"open_interest\": ")
              .append(oi)
              .append("}");
        }
      }
    }
    out.append("\n  ]\n}\n");
    return out.toString();
  }

  /** Implied vol with a put skew: higher below F, a little smile on both wings. */
  private static double smile(double atm, double k) {
    double m = (k - F) / F;
    return atm - 0.6 * m + 4 * m * m;
  }

  /** Undiscounted Black-76 call and put premiums, points. */
  private static double[] black76(double f, double k, double sigma, double t) {
    double sd = sigma * StrictMath.sqrt(t);
    double d1 = (StrictMath.log(f / k) + 0.5 * sd * sd) / sd;
    double d2 = d1 - sd;
    double c = f * cdf(d1) - k * cdf(d2);
    double p = k * cdf(-d2) - f * cdf(-d1);
    return new double[] {Math.max(c, 0), Math.max(p, 0)};
  }

  /** Standard normal CDF (Abramowitz and Stegun 26.2.17, error below 1e-7). */
  private static double cdf(double x) {
    double t = 1 / (1 + 0.2316419 * Math.abs(x));
    double poly =
        t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    double tail = StrictMath.exp(-0.5 * x * x) / StrictMath.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }

  /** OI: a bell around the money, peaks at round strikes, more on the OTM side, some zeros. */
  private static long openInterest(int k, boolean otm, double scale, double n1, double n2) {
    double away = Math.abs(k - F);
    double zeroChance = away > 700 ? 0.12 : 0.05;
    if (n2 < zeroChance) {
      return 0;
    }
    double round =
        k % 500 == 0 ? 3.5 : k % 250 == 0 ? 2.2 : k % 100 == 0 ? 1.6 : k % 50 == 0 ? 1.2 : 1.0;
    double bell = 1500 * StrictMath.exp(-StrictMath.pow(away / 600, 2)) + 150;
    double side = otm ? 1.3 : 0.6;
    return Math.round(bell * round * side * scale * (0.6 + 0.8 * n1));
  }

  /** Session volume: a share of OI near the money, now and then more than the OI. */
  private static long volume(int k, long oi, double n1, double n2) {
    double near = StrictMath.exp(-StrictMath.pow((k - F) / 400, 2));
    double share = n2 < 0.08 && near > 0.5 ? 1.1 + n1 : 0.05 + 0.55 * n1 * near;
    long fresh = Math.round(40 * near * n2);
    return Math.round(oi * share) + fresh;
  }

  /** The bid/ask/last fields: spreads widen away from the money; gaps far out of the money. */
  private static String quote(double theo, int k, boolean otm, long volume, Random rnd) {
    double away = Math.abs(k - F);
    double halfSpread = TICK * (1 + Math.floor(away / 200)) + 0.005 * theo;
    Double bid = floorTick(theo - halfSpread);
    Double ask = ceilTick(theo + halfSpread);
    Double last = roundTick(theo + TICK * (rnd.nextInt(5) - 2));
    double gap = rnd.nextDouble();
    if (bid < TICK) {
      bid = null;
    }
    if (ask < TICK) {
      ask = TICK;
    }
    if (last < TICK) {
      last = TICK;
    }
    if (volume == 0 && gap < 0.3) {
      last = null;
    }
    if (otm && away > 600) {
      if (gap < 0.15 && theo < 10) {
        bid = null;
        ask = null;
        last = null;
      } else if (gap < 0.15 && theo < 60) {
        bid = null;
        ask = null;
        if (last == null) {
          last = roundTick(Math.max(theo, TICK));
        }
      } else if (gap < 0.40 && theo < 30) {
        bid = null;
      }
    }
    return "\"bid\": " + num(bid) + ", \"ask\": " + num(ask) + ", \"last\": " + num(last);
  }

  private static Double floorTick(double v) {
    return StrictMath.floor(v / TICK) * TICK;
  }

  private static Double ceilTick(double v) {
    return StrictMath.ceil(v / TICK) * TICK;
  }

  private static Double roundTick(double v) {
    return StrictMath.rint(v / TICK) * TICK;
  }

  private static String num(Double v) {
    if (v == null) {
      return "null";
    }
    return BigDecimal.valueOf(v)
        .setScale(2, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }
}
