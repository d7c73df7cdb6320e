package io.nqflow.chain.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.model.BattleZone;
import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.OriginalModel;
import io.nqflow.chain.model.RiskAnalysis;
import io.nqflow.chain.model.Setup;
import io.nqflow.chain.reference.ReferenceOriginalModel.Candidate;
import io.nqflow.chain.reference.ReferenceOriginalModel.ExpiryResult;
import io.nqflow.chain.reference.ReferenceOriginalModel.Quote;
import io.nqflow.chain.reference.ReferenceOriginalModel.Snapshot;
import io.nqflow.chain.reference.ReferenceOriginalModel.Zone;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The production original model against {@link ReferenceOriginalModel} on every chain of {@code
 * src/test/resources/chains/}: risk totals to the cent, ratio and verdict, battle zones, the number
 * of candidate setups, and the quality setups in order with their probabilities, EVs and factors to
 * 1e-9.
 *
 * <p>The production model is looked up by name so that this test compiles before {@code
 * io.nqflow.chain.model.OriginalModel} exists; until then it is skipped (an assumption), after that
 * it runs. Once the class is on the branch, the reflection can become {@code new
 * OriginalModel(ChainAnalyticsSettings.defaults())}.
 */
class OriginalModelAgreementTest {

  private static final double EPS = 1e-9;

  static List<Path> chains() throws Exception {
    return ChainFixturesTest.chainFiles();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chains")
  void productionAgreesWithTheReference(Path file) throws Exception {
    Production production = Production.load();
    Snapshot ref = ReferenceOriginalModel.read(file);
    List<ExpiryResult> expected = ReferenceOriginalModel.analyze(ref);
    ChainSnapshot snapshot = toProduction(ref);
    List<ExpiryChain> expiries = snapshot.expiries();
    assertThat(expiries).as("expiries of " + file).hasSize(expected.size());
    double underlying =
        ref.underlyingPrice() == null ? Double.NaN : ref.underlyingPrice().doubleValue();
    for (int i = 0; i < expiries.size(); i++) {
      ExpiryChain chain = expiries.get(i);
      ExpiryResult e = expected.get(i);
      String where = file.getFileName() + " expiry " + e.expiration();
      assertThat(chain.expirationNs()).as(where).isEqualTo(nanos(e.expiration()));
      ModelResult actual = production.analyze(chain, underlying, snapshot.asOfNs());
      compare(where, actual, e);
    }
  }

  private static void compare(String where, ModelResult actual, ExpiryResult e) {
    assertThat(actual.underlying()).as(where + ": F").isCloseTo(e.underlying(), within(EPS));
    assertThat(actual.underlyingEstimated()).as(where + ": F estimated").isEqualTo(e.estimated());

    RiskAnalysis risk = actual.risk();
    assertThat(cents(risk.callRiskUsd()))
        .as(where + ": Rc")
        .isEqualByComparingTo(e.callRiskCents());
    assertThat(cents(risk.putRiskUsd())).as(where + ": Rp").isEqualByComparingTo(e.putRiskCents());
    if (Double.isInfinite(e.ratio())) {
      assertThat(risk.ratio()).as(where + ": ratio").isEqualTo(e.ratio());
    } else {
      assertThat(risk.ratio())
          .as(where + ": ratio")
          .isCloseTo(e.ratio(), within(1e-12 * Math.max(1, e.ratio())));
    }
    assertThat(risk.verdict()).as(where + ": verdict").isEqualTo(e.verdict());
    compareZones(where, risk.zones(), e.zones());

    assertThat(actual.candidates())
        .as(where + ": candidate setups (risk and reward/risk bounds met)")
        .isEqualTo(e.candidates().size());
    compareSetups(where, actual.setups(), e.quality());
  }

  private static void compareZones(String where, List<BattleZone> actual, List<Zone> expected) {
    assertThat(keys(actual, z -> z.strike() + " " + z.right()))
        .as(where + ": battle zones (strike, side) by danger")
        .isEqualTo(keys(expected, z -> z.strike() + " " + z.side()));
    for (int i = 0; i < expected.size(); i++) {
      BattleZone a = actual.get(i);
      Zone z = expected.get(i);
      String at = where + ": zone " + z.strike() + " " + z.side();
      assertThat(cents(a.riskUsd())).as(at + " risk").isEqualByComparingTo(cents(z.risk()));
      assertThat(cents(a.danger())).as(at + " danger").isEqualByComparingTo(cents(z.danger()));
      assertThat(a.distance()).as(at + " distance").isCloseTo(z.distance(), within(EPS));
      assertThat(a.urgency()).as(at + " urgency").isEqualTo(z.urgency());
      assertThat(a.reinforcement()).as(at + " reinforcement").isEqualTo(z.reinforcement());
      if (Double.isNaN(z.volumeOverOi())) {
        assertThat(a.volumeOverOi()).as(at + " volume/OI").isNaN();
      } else {
        assertThat(a.volumeOverOi())
            .as(at + " volume/OI")
            .isCloseTo(z.volumeOverOi(), within(1e-12));
      }
    }
  }

  private static void compareSetups(String where, List<Setup> actual, List<Candidate> expected) {
    assertThat(keys(actual, s -> s.direction() + " " + s.target() + "/" + s.stop()))
        .as(where + ": quality setups (direction target/stop) in rank order")
        .isEqualTo(keys(expected, c -> c.direction() + " " + c.target() + "/" + c.stop()));
    for (int i = 0; i < expected.size(); i++) {
      Setup a = actual.get(i);
      Candidate c = expected.get(i);
      String at = where + ": setup " + c.direction() + " " + c.target() + "/" + c.stop();
      assertThat(a.reward()).as(at + " reward").isCloseTo(c.reward(), within(EPS));
      assertThat(a.risk()).as(at + " risk").isCloseTo(c.risk(), within(EPS));
      assertThat(a.probability()).as(at + " p").isCloseTo(c.p(), within(EPS));
      assertThat(a.ev()).as(at + " EV").isCloseTo(c.ev(), within(EPS));
      Map<String, Double> f = a.factors();
      assertThat(f).as(at + " factors").containsKeys("oi", "volume", "pcr", "distance");
      assertThat(f.get("oi")).as(at + " OI factor").isCloseTo(c.oi(), within(EPS));
      assertThat(f.get("volume")).as(at + " VOL factor").isCloseTo(c.volume(), within(EPS));
      assertThat(f.get("pcr")).as(at + " PCR factor").isCloseTo(c.pcr(), within(EPS));
      assertThat(f.get("distance")).as(at + " DIST factor").isCloseTo(c.dist(), within(EPS));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static <T> List<String> keys(List<T> items, java.util.function.Function<T, String> key) {
    List<String> out = new ArrayList<>();
    for (T t : items) {
      out.add(key.apply(t));
    }
    return out;
  }

  private static BigDecimal cents(double usd) {
    return BigDecimal.valueOf(usd).setScale(2, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal cents(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.HALF_EVEN);
  }

  private static long nanos(Instant t) {
    return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
  }

  private static Double dbl(BigDecimal v) {
    return v == null ? null : v.doubleValue();
  }

  /** The same snapshot as the production types hold it. */
  private static ChainSnapshot toProduction(Snapshot s) {
    List<ChainContract> contracts = new ArrayList<>();
    for (Quote q : s.quotes()) {
      contracts.add(
          ChainContract.quoted(
              q.strike().doubleValue(),
              q.right(),
              nanos(q.expiration()),
              dbl(q.bid()),
              dbl(q.ask()),
              dbl(q.last()),
              q.volume(),
              q.openInterest()));
    }
    return new ChainSnapshot(
        s.underlying(),
        dbl(s.underlyingPrice()),
        s.multiplier().doubleValue(),
        nanos(s.asOf()),
        contracts);
  }

  /** The production model. */
  private record Production(OriginalModel model) {

    static Production load() {
      return new Production(new OriginalModel(ChainAnalyticsSettings.defaults()));
    }

    ModelResult analyze(ExpiryChain chain, double underlying, long asOfNs) {
      return model.analyze(chain, underlying, asOfNs);
    }
  }
}
