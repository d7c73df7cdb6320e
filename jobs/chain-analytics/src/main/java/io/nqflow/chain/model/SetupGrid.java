package io.nqflow.chain.model;

import io.nqflow.chain.ChainAnalyticsSettings.QualitySettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The candidate setups of one expiry and the quality filter: model-independent, so that every
 * {@link ChainModel} ranks the same candidates with its own probability.
 *
 * <p>Every ordered pair of the chain's strikes (target tp, stop sl; all listed strikes, with or
 * without open interest) with tp &gt; F &gt; sl is a long setup (reward tp − F, risk F − sl, index
 * points) and with tp &lt; F &lt; sl a short one. A strike exactly at F is neither a target nor a
 * stop. A candidate keeps risk ≤ {@code max_risk} and reward ≥ {@code min_reward_risk} × risk. A
 * quality setup also has EV ≥ {@code min_ev} and p ≥ {@code min_probability}; they rank by
 * descending EV, then descending reward/risk, then ascending target, then ascending stop.
 */
public final class SetupGrid {

  /** The quality setups' order: EV desc, reward/risk desc, target asc, stop asc. */
  public static final Comparator<Setup> RANKING =
      Comparator.comparingDouble(Setup::ev)
          .reversed()
          .thenComparing(Comparator.comparingDouble(Setup::rewardRisk).reversed())
          .thenComparingDouble(Setup::target)
          .thenComparingDouble(Setup::stop);

  private SetupGrid() {}

  /**
   * A setup before a model gives it a probability.
   *
   * @param direction long or short
   * @param target target level (a strike), index points
   * @param stop stop level (a strike), index points
   * @param reward |target − underlying|, points
   * @param risk |underlying − stop|, points
   */
  public record Candidate(
      SetupDirection direction, double target, double stop, double reward, double risk) {

    /** Reward over risk. */
    public double rewardRisk() {
      return reward / risk;
    }

    /**
     * The setup with a model's probability and its expected value p·reward − (1 − p)·risk.
     *
     * @param probability probability of reaching the target first, 0..1
     * @param factors the model's inputs to the probability, by name
     */
    public Setup withProbability(double probability, Map<String, Double> factors) {
      return new Setup(
          direction,
          target,
          stop,
          reward,
          risk,
          probability,
          expectedValue(probability, reward, risk),
          factors);
    }
  }

  /**
   * The candidates of one expiry: longs first, then shorts; within a direction by ascending target,
   * then ascending stop.
   *
   * @param chain the expiry's strikes
   * @param underlying F, index points (finite)
   * @param q the risk and reward/risk bounds
   */
  public static List<Candidate> candidates(
      ExpiryChain chain, double underlying, QualitySettings q) {
    List<Double> above = new ArrayList<>();
    List<Double> below = new ArrayList<>();
    for (StrikeRow row : chain.strikes()) {
      if (row.strike() > underlying) {
        above.add(row.strike());
      } else if (row.strike() < underlying) {
        below.add(row.strike());
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (double tp : above) {
      for (double sl : below) {
        add(out, SetupDirection.LONG, tp, sl, tp - underlying, underlying - sl, q);
      }
    }
    for (double tp : below) {
      for (double sl : above) {
        add(out, SetupDirection.SHORT, tp, sl, underlying - tp, sl - underlying, q);
      }
    }
    return out;
  }

  private static void add(
      List<Candidate> out,
      SetupDirection direction,
      double tp,
      double sl,
      double reward,
      double risk,
      QualitySettings q) {
    if (risk <= q.maxRisk() && reward >= q.minRewardRisk() * risk) {
      out.add(new Candidate(direction, tp, sl, reward, risk));
    }
  }

  /** EV = p·reward − (1 − p)·risk, points. */
  public static double expectedValue(double probability, double reward, double risk) {
    return probability * reward - (1 - probability) * risk;
  }

  /** Whether a setup passes every quality filter (the candidate bounds, EV, probability). */
  public static boolean isQuality(Setup s, QualitySettings q) {
    return s.risk() <= q.maxRisk()
        && s.reward() >= q.minRewardRisk() * s.risk()
        && s.ev() >= q.minEv()
        && s.probability() >= q.minProbability();
  }

  /** The quality setups among these, in {@link #RANKING} order. */
  public static List<Setup> qualitySetups(Collection<Setup> evaluated, QualitySettings q) {
    List<Setup> out = new ArrayList<>();
    for (Setup s : evaluated) {
      if (isQuality(s, q)) {
        out.add(s);
      }
    }
    out.sort(RANKING);
    return out;
  }
}
