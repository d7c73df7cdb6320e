package io.nqflow.runner.analyze;

import io.nqflow.chain.model.BattleZone;
import io.nqflow.chain.model.ChainModel;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.Reinforcement;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.chain.model.Urgency;
import io.nqflow.chain.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in chain model for the command's tests: out-of-the-money call and put dollars, the
 * largest call zone above the underlying, one setup between the neighbouring strikes, no
 * positioning. Remembers its last inputs.
 */
final class TestModel implements ChainModel {
  ExpiryChain lastChain;
  double lastUnderlying;
  long lastAsOfNs;

  @Override
  public String name() {
    return "test";
  }

  @Override
  public ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
    lastChain = chain;
    lastUnderlying = underlying;
    lastAsOfNs = asOfNs;
    List<StrikeRow> rows = chain.strikes();
    boolean estimated = Double.isNaN(underlying);
    double u = estimated ? rows.get(rows.size() / 2).strike() : underlying;
    double rc = 0;
    double rp = 0;
    StrikeRow biggest = null;
    StrikeRow above = null;
    StrikeRow below = null;
    for (StrikeRow r : rows) {
      if (r.strike() > u) {
        rc += r.callOi() * r.callMark() * chain.multiplier();
        if (biggest == null || r.callOi() > biggest.callOi()) {
          biggest = r;
        }
        if (above == null) {
          above = r;
        }
      } else if (r.strike() < u) {
        rp += r.putOi() * r.putMark() * chain.multiplier();
        below = r;
      }
    }
    double ratio = rp == 0 ? (rc > 0 ? Double.POSITIVE_INFINITY : 0) : rc / rp;
    List<BattleZone> zones = new ArrayList<>();
    if (biggest != null) {
      double risk = biggest.callOi() * biggest.callMark() * chain.multiplier();
      zones.add(
          new BattleZone(
              biggest.strike(),
              io.nqflow.chain.model.Right.CALL,
              risk,
              biggest.strike() - u,
              Urgency.NEAR_TERM,
              risk * 0.75,
              Double.NaN,
              Reinforcement.EXISTING_POSITIONS));
    }
    List<Setup> setups = new ArrayList<>();
    if (above != null && below != null) {
      double reward = above.strike() - u;
      double riskPts = u - below.strike();
      setups.add(
          new Setup(
              SetupDirection.LONG,
              above.strike(),
              below.strike(),
              reward,
              riskPts,
              0.5,
              0.5 * reward - 0.5 * riskPts,
              Map.of("oi", 1.0)));
      setups.add(
          new Setup(
              SetupDirection.SHORT,
              below.strike(),
              above.strike(),
              riskPts,
              reward,
              0.25,
              0.25 * riskPts - 0.75 * reward,
              Map.of("oi", 0.5)));
    }
    return new ModelResult(
        name(),
        chain,
        u,
        estimated,
        new RiskAnalysis(rc, rp, ratio, Verdict.BALANCED, zones),
        null,
        setups.size(),
        setups);
  }
}
