package io.nqflow.chain.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.model.Right;
import io.nqflow.chain.model.Verdict;
import io.nqflow.chain.reference.ReferenceOriginalModel.Candidate;
import io.nqflow.chain.reference.ReferenceOriginalModel.ExpiryResult;
import io.nqflow.chain.reference.ReferenceOriginalModel.Quote;
import io.nqflow.chain.reference.ReferenceOriginalModel.Snapshot;
import io.nqflow.chain.reference.ReferenceOriginalModel.Zone;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chain fixtures of {@code src/test/resources/chains/}: in sync, shaped as documented. */
class ChainFixturesTest {

  /** The folder of the chain fixtures on the test class path. */
  static Path chainsDir() {
    try {
      return Path.of(
          Objects.requireNonNull(ChainFixturesTest.class.getResource("/chains"), "chains/")
              .toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every chain fixture, by name. */
  static List<Path> chainFiles() throws Exception {
    try (Stream<Path> s = Files.list(chainsDir())) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static Snapshot read(String name) throws Exception {
    return ReferenceOriginalModel.read(chainsDir().resolve(name));
  }

  @Test
  void theGeneratorReproducesTheCommittedRealisticChains() throws Exception {
    assertThat(Files.readString(chainsDir().resolve("nq-realistic.json")))
        .isEqualTo(ChainFixtureGenerator.generate(true));
    assertThat(Files.readString(chainsDir().resolve("nq-realistic-estimated.json")))
        .isEqualTo(ChainFixtureGenerator.generate(false));
  }

  @Test
  void everyFixtureRunsThroughTheReference() throws Exception {
    assertThat(chainFiles()).hasSizeGreaterThanOrEqualTo(7);
    for (Path p : chainFiles()) {
      assertThat(ReferenceOriginalModel.analyze(ReferenceOriginalModel.read(p)))
          .as(p.toString())
          .isNotEmpty();
    }
  }

  @Test
  void theRealisticChainHasTheGapsOfARealOne() throws Exception {
    Snapshot s = read("nq-realistic.json");
    assertThat(s.underlyingPrice()).isEqualByComparingTo("21012.5");
    Map<String, Set<BigDecimal>> strikes = new HashMap<>();
    Map<String, Integer> calls = new HashMap<>();
    Map<String, Integer> puts = new HashMap<>();
    int zeroOi = 0;
    int noBid = 0;
    int noQuote = 0;
    for (Quote q : s.quotes()) {
      String key = q.expiration().toString() + q.strike().stripTrailingZeros().toPlainString();
      strikes.computeIfAbsent(q.expiration().toString(), e -> new HashSet<>()).add(q.strike());
      (q.right() == Right.CALL ? calls : puts).merge(key, 1, Integer::sum);
      zeroOi += q.openInterest() == 0 ? 1 : 0;
      noBid += q.bid() == null ? 1 : 0;
      noQuote += q.bid() == null && q.ask() == null && q.last() == null ? 1 : 0;
      assertThat(q.strike().remainder(BigDecimal.valueOf(25)).signum()).isZero();
    }
    // 20,000..22,000 and 19,800..22,200 by 25.
    assertThat(strikes.values().stream().map(Set::size).sorted().toList()).containsExactly(81, 97);
    Set<String> callOnly = new HashSet<>(calls.keySet());
    callOnly.removeAll(puts.keySet());
    Set<String> putOnly = new HashSet<>(puts.keySet());
    putOnly.removeAll(calls.keySet());
    assertThat(callOnly).isNotEmpty();
    assertThat(putOnly).isNotEmpty();
    assertThat(zeroOi).isPositive();
    assertThat(noBid).isPositive();
    assertThat(noQuote).isPositive();

    List<ExpiryResult> results = ReferenceOriginalModel.analyze(s);
    assertThat(results).hasSize(2);
    for (ExpiryResult r : results) {
      assertThat(r.zones()).hasSizeGreaterThan(20);
      assertThat(r.candidates()).hasSizeGreaterThan(100);
      assertThat(r.quality()).as(r.expiration().toString()).isNotEmpty();
    }
  }

  @Test
  void theEstimatedCopyFindsTheUnderlyingNearTheGeneratorsPrice() throws Exception {
    // The premiums are Black-76 at F = 21,012.5 on the 0.25 tick: C - P is F - K within a tick or
    // two, so the interpolated crossing is within a point of it.
    for (ExpiryResult r : ReferenceOriginalModel.analyze(read("nq-realistic-estimated.json"))) {
      assertThat(r.estimated()).isTrue();
      assertThat(r.underlying()).isCloseTo(ChainFixtureGenerator.F, within(1.0));
    }
  }

  @Test
  void edgeAtStrike_theStrikeAtFCarriesNoRiskAndTiesBreakByDistanceThenStrike() throws Exception {
    ExpiryResult r = ReferenceOriginalModel.analyze(read("edge-at-strike.json")).get(0);
    // 21000 (OI 900 C / 1200 P) is at F: no zone. Danger: 20950 P 300*5*20*1 = 30,000;
    // 20975 P 50*10*20*2 = 20,000 (d 25), 21025 C 100*5*20*2 = 20,000 (d 25), 21050 C
    // 400*2.5*20*1 = 20,000 (d 50); 20900 P 600*1.75*20*0.5 = 10,500; 21100 C 800*0.75*20*0.5 =
    // 6,000.
    assertThat(r.zones().stream().map(Zone::strike).toList())
        .containsExactly(20950.0, 20975.0, 21025.0, 21050.0, 20900.0, 21100.0);
    // Rc = 10,000 + 20,000 + 12,000 = 42,000 (+ 21025..21100 puts not counted);
    // Rp = 21,000 + 30,000 + 10,000 = 61,000 (+ 20900..20975 calls not counted).
    assertThat(r.callRiskCents()).isEqualByComparingTo("42000.00");
    assertThat(r.putRiskCents()).isEqualByComparingTo("61000.00");
    assertThat(r.verdict()).isEqualTo(Verdict.BALANCED);
  }

  @Test
  void edgeNoPuts_infiniteRatio() throws Exception {
    ExpiryResult r = ReferenceOriginalModel.analyze(read("edge-no-puts.json")).get(0);
    // Calls above 21012.5, m = 2: 21025: 380*40.5*2 = 30,780; 21050: 900*29.75*2 = 53,550;
    // 21075: OI 0; 21100: 1400*14.625*2 = 40,950; 21125: 210*9.75 (last) *2 = 4,095;
    // 21150: no quotes. Rc = 129,375.
    assertThat(r.callRiskCents()).isEqualByComparingTo("129375.00");
    assertThat(r.putRisk().signum()).isZero();
    assertThat(r.ratio()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.verdict()).isEqualTo(Verdict.CALL_DOMINANCE);
    assertThat(r.zones()).hasSize(4);
  }

  @Test
  void edgeZeroOi_estimatedUnderlyingAndNoRisk() throws Exception {
    ExpiryResult r =
        ReferenceOriginalModel.analyze(read("edge-zero-oi-missing-quotes.json")).get(0);
    // C - P where both are listed: 20950: 70 - 10 = 60; 20975: 50 - 15 = 35; 21000: 32 - 20 (last)
    // = 12; 21050: 9 (last) - 35 = -26; 21075: 0 (no quotes) - 55 = -55.
    // F = 21000 + 50 * 12 / 38.
    assertThat(r.underlying()).isCloseTo(21000 + 50 * 12 / 38.0, within(1e-9));
    assertThat(r.callRisk().signum()).isZero();
    assertThat(r.putRisk().signum()).isZero();
    assertThat(r.ratio()).isZero();
    assertThat(r.zones()).isEmpty();
    assertThat(r.candidates()).allSatisfy(c -> assertThat(c.oi()).isZero());
  }

  @Test
  void edgeExactBounds_bandsRiskAndRewardRiskAreInclusive() throws Exception {
    ExpiryResult r = ReferenceOriginalModel.analyze(read("edge-exact-bounds.json")).get(0);
    // F = 20,000: 19800/20200 are exactly 1% away (weight 1.0), 19600/20400 2% (0.8), 19000/21000
    // 5% (0.5), 18900/21100 beyond (0.2). OI 10, 20, 40, 80 outwards on both sides (max 80):
    // long OI = (10 + 16 + 20 + 16 - 0.5 * 62)/80 = 0.3875 (exclusive bands would give 0.2625).
    // Volume 5, 10, 20, 40 (max 40): (5 + 8 + 10 + 8 - 15.5)/40 = 0.3875. Premiums equal on both
    // sides: x = 0, PCR 0.5. (20150, 19850): reward 150 = risk 150 (the bound), reward/risk 1.
    // p = .35*.3875 + .25*.3875 + .25*.5 + .15*(1 - 150/20000) = .506375; EV = 150*(2p - 1).
    Candidate c =
        r.candidates().stream()
            .filter(x -> x.target() == 20150 && x.stop() == 19850)
            .findFirst()
            .orElseThrow();
    assertThat(c.oi()).isCloseTo(0.3875, within(1e-12));
    assertThat(c.volume()).isCloseTo(0.3875, within(1e-12));
    assertThat(c.pcr()).isCloseTo(0.5, within(1e-12));
    assertThat(c.p()).isCloseTo(0.506375, within(1e-12));
    assertThat(c.ev()).isCloseTo(1.9125, within(1e-9));
    assertThat(r.candidates()).noneMatch(x -> x.risk() > 150);
  }

  @Test
  void edgeBetweenStrikes_twoExpiries() throws Exception {
    List<ExpiryResult> rs = ReferenceOriginalModel.analyze(read("edge-between-strikes.json"));
    assertThat(rs).hasSize(2);
    assertThat(rs.get(0).expiration()).isBefore(rs.get(1).expiration());
    assertThat(rs.get(0).underlying()).isEqualTo(21012.5);
    // Second expiry: calls above F: 21050: 640*61.75*20 = 790,400; 21100: 1200*42.25*20 =
    // 1,014,000 -> Rc 1,804,400. Puts below: 20950: 700*55.75*20 = 780,500; 21000:
    // 1100*73.75*20 = 1,622,500 -> Rp 2,403,000.
    assertThat(rs.get(1).callRiskCents()).isEqualByComparingTo("1804400.00");
    assertThat(rs.get(1).putRiskCents()).isEqualByComparingTo("2403000.00");
  }
}
