package io.nqflow.chain.model;

import static io.nqflow.chain.model.TestChains.chain;
import static io.nqflow.chain.model.TestChains.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.nqflow.chain.ChainAnalyticsSettings.QualitySettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupGridTest {

  private static final QualitySettings D = QualitySettings.defaults();

  /** Strikes only (no contracts): the grid uses every listed strike. */
  private static ExpiryChain strikes(double... ks) {
    StrikeRow[] rows = new StrikeRow[ks.length];
    for (int i = 0; i < ks.length; i++) {
      rows[i] = row(ks[i], null, null);
    }
    return chain(rows);
  }

  @Test
  void enumeratesLongsThenShortsWithinTheBounds() {
    // F = 20000; 20000 itself is neither target nor stop.
    // Longs (reward, risk): 20025/19975 (25, 25) yes; 20025/19950 (25, 50) no (RR 0.5);
    // 20050/19950 (50, 50) yes; 20050/19975 (50, 25) yes; 20200/19950 (200, 50) yes;
    // 20200/19975 (200, 25) yes.
    // Shorts: 19950/20025 (50, 25) yes; 19950/20050 (50, 50) yes; 19950/20200 (risk 200 > 150) no;
    // 19975/20025 (25, 25) yes; 19975/20050 (25, 50) no; 19975/20200 no.
    List<SetupGrid.Candidate> c =
        SetupGrid.candidates(strikes(19950, 19975, 20000, 20025, 20050, 20200), 20000, D);
    assertThat(c)
        .extracting(
            SetupGrid.Candidate::direction,
            SetupGrid.Candidate::target,
            SetupGrid.Candidate::stop,
            SetupGrid.Candidate::reward,
            SetupGrid.Candidate::risk)
        .containsExactly(
            tuple(SetupDirection.LONG, 20025.0, 19975.0, 25.0, 25.0),
            tuple(SetupDirection.LONG, 20050.0, 19950.0, 50.0, 50.0),
            tuple(SetupDirection.LONG, 20050.0, 19975.0, 50.0, 25.0),
            tuple(SetupDirection.LONG, 20200.0, 19950.0, 200.0, 50.0),
            tuple(SetupDirection.LONG, 20200.0, 19975.0, 200.0, 25.0),
            tuple(SetupDirection.SHORT, 19950.0, 20025.0, 50.0, 25.0),
            tuple(SetupDirection.SHORT, 19950.0, 20050.0, 50.0, 50.0),
            tuple(SetupDirection.SHORT, 19975.0, 20025.0, 25.0, 25.0));
  }

  @Test
  void maxRiskIsInclusiveAndASetting() {
    // Target 20200 (reward 200); stop 19850 is 150 away (kept), 19825 is 175 away (not).
    ExpiryChain c = strikes(19825, 19850, 20200);
    assertThat(SetupGrid.candidates(c, 20000, D))
        .extracting(SetupGrid.Candidate::stop)
        .containsExactly(19850.0);
    QualitySettings wider = new QualitySettings(15, 0.6, 175, 1.0);
    assertThat(SetupGrid.candidates(c, 20000, wider))
        .extracting(SetupGrid.Candidate::stop)
        .containsExactly(19825.0, 19850.0);
  }

  @Test
  void minRewardRiskIsInclusiveAndASetting() {
    // Longs: stop 19950 (risk 50); targets 20050 (RR 1), 20100 (RR 2), 20125 (RR 2.5).
    // Shorts: target 19950 (reward 50) with stop 20050 (RR 1); 20100 and 20125 as stops: RR < 1.
    ExpiryChain c = strikes(19950, 20050, 20100, 20125);
    assertThat(SetupGrid.candidates(c, 20000, D))
        .extracting(SetupGrid.Candidate::target)
        .containsExactly(20050.0, 20100.0, 20125.0, 19950.0);
    QualitySettings two = new QualitySettings(15, 0.6, 150, 2.0);
    assertThat(SetupGrid.candidates(c, 20000, two))
        .extracting(SetupGrid.Candidate::target)
        .containsExactly(20100.0, 20125.0);
  }

  @Test
  void anUnderlyingBetweenStrikesMakesUnevenDistances() {
    // F = 20010: 20025 is 15 up, 19975 is 35 down (RR 0.43: no long); short 19975/20025:
    // reward 35, risk 15 (kept).
    List<SetupGrid.Candidate> c = SetupGrid.candidates(strikes(19975, 20025), 20010, D);
    assertThat(c)
        .extracting(
            SetupGrid.Candidate::direction, SetupGrid.Candidate::reward, SetupGrid.Candidate::risk)
        .containsExactly(tuple(SetupDirection.SHORT, 35.0, 15.0));
  }

  @Test
  void expectedValueInPoints() {
    // 0.6 * 50 - 0.4 * 25 = 30 - 10 = 20
    assertThat(SetupGrid.expectedValue(0.6, 50, 25))
        .isCloseTo(20.0, org.assertj.core.api.Assertions.within(1e-12));
    SetupGrid.Candidate c = new SetupGrid.Candidate(SetupDirection.LONG, 20050, 19975, 50, 25);
    Setup s = c.withProbability(0.6, Map.of("x", 1.0));
    assertThat(s.ev()).isCloseTo(20.0, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(s.rewardRisk()).isEqualTo(2.0);
  }

  @Test
  void qualityBoundsAreInclusive() {
    assertThat(SetupGrid.isQuality(setup(50, 25, 0.6, 15), D)).isTrue();
    assertThat(SetupGrid.isQuality(setup(50, 25, 0.5999, 20), D)).isFalse();
    assertThat(SetupGrid.isQuality(setup(50, 25, 0.7, 14.999), D)).isFalse();
    assertThat(SetupGrid.isQuality(setup(150, 150, 0.7, 60), D)).isTrue();
    assertThat(SetupGrid.isQuality(setup(200, 151, 0.7, 60), D)).isFalse();
    assertThat(SetupGrid.isQuality(setup(49, 50, 0.9, 40), D)).isFalse();
    QualitySettings loose = new QualitySettings(10, 0.55, 150, 1.0);
    assertThat(SetupGrid.isQuality(setup(50, 25, 0.5999, 11), loose)).isTrue();
  }

  @Test
  void rankingBreaksTiesByRewardRiskThenTargetThenStop() {
    Setup a = new Setup(SetupDirection.LONG, 20100, 19950, 100, 50, 0.7, 30, Map.of()); // RR 2
    Setup b = new Setup(SetupDirection.LONG, 20050, 19975, 50, 25, 0.7, 30, Map.of()); // RR 2
    Setup c = new Setup(SetupDirection.LONG, 20050, 19950, 50, 50, 0.7, 30, Map.of()); // RR 1
    Setup d = new Setup(SetupDirection.SHORT, 19900, 20050, 100, 50, 0.7, 30, Map.of()); // RR 2
    Setup e = new Setup(SetupDirection.LONG, 20200, 19900, 200, 100, 0.7, 40, Map.of()); // EV 40
    Setup f = new Setup(SetupDirection.LONG, 20100, 19975, 100, 25, 0.7, 30, Map.of()); // RR 4
    // EV 40 first; then EV 30: RR 4 (f), RR 2 by target (d 19900, b 20050, a 20100), RR 1 (c).
    assertThat(SetupGrid.qualitySetups(List.of(a, b, c, d, e, f), D))
        .containsExactly(e, f, d, b, a, c);
    // Same EV, RR and target: the lower stop first.
    Setup g = new Setup(SetupDirection.LONG, 20100, 19950, 100, 50, 0.7, 30, Map.of());
    Setup h = new Setup(SetupDirection.LONG, 20100, 19949, 100, 50, 0.7, 30, Map.of());
    assertThat(SetupGrid.qualitySetups(List.of(g, h), D)).containsExactly(h, g);
  }

  private static Setup setup(double reward, double risk, double p, double ev) {
    return new Setup(
        SetupDirection.LONG, 20000 + reward, 20000 - risk, reward, risk, p, ev, Map.of());
  }
}
