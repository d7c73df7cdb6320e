package io.nqflow.chain;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainModel;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.chain.state.ContractState;
import io.nqflow.signals.v1.Opportunity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ranking of one underlying's chain, outside Flink: the chain state's contracts become a {@link
 * ChainSnapshot} (every listed option not yet expired; the underlying price F is the future's mark:
 * the bid/ask midpoint when both are quoted, else its last trade, else unknown and left to the
 * model to estimate), the nearest expiry with open interest is analyzed, and the model's first
 * {@code top} quality setups become opportunities ranked 1..N.
 */
public final class ChainRanking {
  private final ChainModel model;
  private final OpportunityMapper mapper;
  private final int top;

  public ChainRanking(ChainModel model, OpportunityMapper mapper, int top) {
    this.model = model;
    this.mapper = mapper;
    this.top = top;
  }

  /**
   * What one ranking produced.
   *
   * @param result the model's result, null when there was no chain to analyze
   * @param opportunities the opportunities, rank 1 first
   */
  public record Ranked(ModelResult result, List<Opportunity> opportunities) {}

  /**
   * Ranks the chain of {@code underlying} as of {@code asOfNs} (ns since the UNIX epoch).
   *
   * @param contracts the underlying's contracts: its options and the future
   */
  public Ranked rank(String underlying, Iterable<ContractState> contracts, long asOfNs) {
    ChainSnapshot snapshot = snapshot(underlying, contracts, asOfNs);
    ExpiryChain chain = nearestWithOpenInterest(snapshot);
    if (chain == null) {
      return new Ranked(null, List.of());
    }
    double f = snapshot.underlyingPrice() == null ? Double.NaN : snapshot.underlyingPrice();
    ModelResult result = model.analyze(chain, f, asOfNs);
    List<Opportunity> out = new ArrayList<>();
    for (Setup s : result.setups()) {
      if (out.size() == top) {
        break;
      }
      Opportunity o = mapper.map(result, s, out.size() + 1, asOfNs);
      if (o != null) {
        out.add(o);
      }
    }
    return new Ranked(result, out);
  }

  /**
   * The chain as of {@code asOfNs}: the options that expire after it (one per strike, side and
   * expiry: of two listed alike the one with more open interest) and F from the future.
   */
  static ChainSnapshot snapshot(String underlying, Iterable<ContractState> contracts, long asOfNs) {
    Double f = null;
    double multiplier = Double.NaN;
    Map<String, ChainContract> options = new HashMap<>();
    for (ContractState s : contracts) {
      if (s.future) {
        double mark = s.mark();
        if (!Double.isNaN(mark)) {
          f = mark;
        }
        continue;
      }
      if (s.expirationNs <= asOfNs) {
        continue;
      }
      if (Double.isNaN(multiplier)) {
        multiplier = s.multiplier;
      }
      // Session counters of an earlier trading day than the ranking's count as 0.
      ChainContract c = s.toContract(asOfNs);
      String k = c.expirationNs() + "|" + c.strike() + "|" + c.right();
      options.merge(k, c, (a, b) -> b.openInterest() > a.openInterest() ? b : a);
    }
    List<ChainContract> list = new ArrayList<>(options.values());
    // Map order is not stable: the snapshot is sorted by its own expiries(), ties are impossible.
    return new ChainSnapshot(
        underlying, f, Double.isNaN(multiplier) ? 0 : multiplier, asOfNs, list);
  }

  /** The nearest expiry whose options have open interest, or null. */
  static ExpiryChain nearestWithOpenInterest(ChainSnapshot snapshot) {
    for (ExpiryChain e : snapshot.expiries()) {
      for (StrikeRow r : e.strikes()) {
        if (r.callOi() + r.putOi() > 0) {
          return e;
        }
      }
    }
    return null;
  }
}
