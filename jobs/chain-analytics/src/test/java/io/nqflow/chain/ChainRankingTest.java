package io.nqflow.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.chain.model.ChainModel;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.model.SetupDirection;
import io.nqflow.chain.model.Verdict;
import io.nqflow.chain.state.ContractState;
import io.nqflow.signals.v1.Opportunity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot the ranker builds from its state, the expiry it analyzes, and the ranks. */
class ChainRankingTest {
  static final long T = ChainFixtures.T0;
  static final long NEAR = ChainFixtures.NEAR_EXPIRY;
  static final long FAR = ChainFixtures.EXPIRY;
  static final long EXPIRED = T - ChainFixtures.MINUTE;

  static ContractState option(long id, boolean call, double strike, long expiry, long oi) {
    ContractState s =
        ContractState.option(
            id, "NQH6 " + (call ? "C" : "P") + (long) strike, "NQH6", strike, call, expiry, 20);
    s.onOpenInterest(oi);
    return s;
  }

  static ContractState future() {
    return ContractState.future(100, "NQH6", 20);
  }

  @Test
  void theUnderlyingIsTheFuturesMidElseItsLastTradeElseUnknown() {
    ContractState f = future();
    assertThat(ChainRanking.snapshot("NQH6", List.of(f), T).underlyingPrice()).isNull();
    f.onTrade(T - 1, 21_010, 1, 'B');
    assertThat(ChainRanking.snapshot("NQH6", List.of(f), T).underlyingPrice()).isEqualTo(21_010.0);
    f.onTopOfBook(21_019.75, 21_020.25);
    assertThat(ChainRanking.snapshot("NQH6", List.of(f), T).underlyingPrice()).isEqualTo(21_020.0);
  }

  @Test
  void expiredOptionsAreLeftOutAndTheNearestExpiryWithOpenInterestIsAnalyzed() {
    List<ContractState> state =
        List.of(
            future(),
            option(1, true, 21_000, EXPIRED, 500),
            option(2, true, 21_000, NEAR, 0),
            option(3, false, 21_000, NEAR, 0),
            option(4, true, 21_000, FAR, 0),
            option(5, false, 20_950, FAR, 7));
    ChainSnapshot snap = ChainRanking.snapshot("NQH6", state, T);
    assertThat(snap.contracts()).extracting(c -> c.instrumentId()).containsOnly(2L, 3L, 4L, 5L);
    assertThat(snap.multiplier()).isEqualTo(20.0);
    ExpiryChain chain = ChainRanking.nearestWithOpenInterest(snap);
    assertThat(chain.expirationNs()).isEqualTo(FAR);
    assertThat(chain.strikes()).extracting(r -> r.strike()).containsExactly(20_950.0, 21_000.0);

    assertThat(
            ChainRanking.nearestWithOpenInterest(
                ChainRanking.snapshot("NQH6", state.subList(0, 4), T)))
        .as("no expiry with open interest")
        .isNull();
  }

  @Test
  void ofTwoOptionsListedAlikeTheOneWithMoreOpenInterestIsKept() {
    ChainSnapshot snap =
        ChainRanking.snapshot(
            "NQH6", List.of(option(1, true, 21_000, FAR, 10), option(2, true, 21_000, FAR, 30)), T);
    assertThat(snap.contracts())
        .singleElement()
        .satisfies(c -> assertThat(c.instrumentId()).isEqualTo(2));
  }

  @Test
  void theTopSetupsWithAListedSideAreRankedOneToN() {
    // Calls only: the model's short setups have no put to trade and are skipped.
    List<ContractState> state = new ArrayList<>();
    ContractState f = future();
    f.onTrade(T - 1, 21_020, 1, 'B');
    state.add(f);
    for (int k = 0; k < 3; k++) {
      ContractState c = option(10 + k, true, 20_950 + 50 * k, FAR, 100);
      c.onTrade(T - 1, 150 - 30 * k, 1, 'B');
      state.add(c);
    }
    ChainModel model =
        new ChainModel() {
          @Override
          public String name() {
            return "fixed";
          }

          @Override
          public ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
            List<Setup> setups = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
              SetupDirection d = i % 2 == 0 ? SetupDirection.SHORT : SetupDirection.LONG;
              double t = d == SetupDirection.LONG ? underlying + 50 + i : underlying - 50 - i;
              double s = d == SetupDirection.LONG ? underlying - 30 : underlying + 30;
              setups.add(new Setup(d, t, s, 50 + i, 30, 0.7, 40 - i, Map.of()));
            }
            return new ModelResult(
                name(),
                chain,
                underlying,
                false,
                new RiskAnalysis(0, 0, 0, Verdict.BALANCED, List.of()),
                null,
                4,
                setups);
          }
        };
    ChainRanking ranking = new ChainRanking(model, new OpportunityMapper("baseline", 0.2), 5);
    ChainRanking.Ranked r = ranking.rank("NQH6", state, T);
    assertThat(r.result().underlying()).isEqualTo(21_020.0);
    assertThat(r.opportunities()).extracting(Opportunity::getRank).containsExactly(1, 2);
    // The model's setups 1 and 3 (long, targets 21071 and 21073); the call at 21000 (nearest F).
    assertThat(r.opportunities())
        .extracting(Opportunity::getTargetLevel)
        .containsExactly(21_071.0, 21_073.0);
    assertThat(r.opportunities()).extracting(Opportunity::getInstrumentId).containsOnly(11L);

    ChainRanking one = new ChainRanking(model, new OpportunityMapper("baseline", 0.2), 1);
    assertThat(one.rank("NQH6", state, T).opportunities()).hasSize(1);
  }
}
