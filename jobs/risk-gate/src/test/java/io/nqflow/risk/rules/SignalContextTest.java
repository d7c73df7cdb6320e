package io.nqflow.risk.rules;

import static io.nqflow.risk.Fixtures.px;
import static io.nqflow.risk.rules.Contexts.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskSettings;
import org.junit.jupiter.api.Test;

class SignalContextTest {
  private final RiskSettings roomy =
      Contexts.DEFAULTS.toBuilder()
          .orderQuantity(10)
          .maxContractsPerPosition(8)
          .maxTotalContracts(20)
          .maxTotalRiskUsd(1000)
          .maxDailyLossUsd(1000)
          .build();

  @Test
  void entryBracketRoundsTowardLessRiskAndLessPromisedReward() {
    Bracket k = Contexts.of(entry(4.02)).bracket();
    assertThat(k.limit()).isEqualTo(px(4.00));
    assertThat(k.stop()).isEqualTo(px(2.80));
    assertThat(k.target()).isEqualTo(px(6.25));
    assertThat(k.riskPerContractUsd()).isCloseTo(24.0, within(1e-9));
  }

  @Test
  void exitLimitRoundsUpAndHasNoBracket() {
    Bracket k = Contexts.of(entry(2.33).setAggressor(Side.ASK)).bracket();
    assertThat(k.limit()).isEqualTo(px(2.35));
    assertThat(k.stop()).isZero();
    assertThat(k.target()).isZero();
    assertThat(k.riskPerContractUsd()).isZero();
  }

  @Test
  void entryQuantityIsCutToTheTightestRoom() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 5, 2.00, 1.40);
    SignalContext c = Contexts.of(roomy, b, entry(2.00));
    assertThat(c.positionRoom()).isEqualTo(3);
    assertThat(c.quantity()).isEqualTo(3);

    // $12 a contract: $100 of total risk leaves room for 8; with 7 contracts open ($84), $120
    // leaves 3.
    SignalContext tight =
        Contexts.of(roomy.toBuilder().maxTotalRiskUsd(100).build(), new RiskBook(), entry(2.00));
    assertThat(tight.riskRoom()).isEqualTo(8);
    Contexts.held(b, 8, 2, 2.00, 1.40);
    SignalContext both =
        Contexts.of(roomy.toBuilder().maxTotalRiskUsd(120).build(), b, entry(2.00));
    assertThat(both.riskRoom()).isEqualTo(3);
    assertThat(both.quantity()).isEqualTo(3);
  }

  @Test
  void dailyLossHeadroomCutsTheQuantity() {
    RiskBook b = new RiskBook();
    b.realizedTodayUsd = -964;
    // -964 - 3 x 12 = -1000: three contracts fit, a fourth would not.
    SignalContext c = Contexts.of(roomy, b, entry(2.00));
    assertThat(c.lossRoom()).isEqualTo(3);
    assertThat(c.quantity()).isEqualTo(3);
  }

  @Test
  void exitSellsEveryLongContractNotAlreadyBeingSold() {
    RiskBook b = new RiskBook();
    Contexts.held(b, 7, 5, 2.00, 1.40);
    Contexts.pending(b, "x1", 7, OrderSide.SELL, 2, 2.10, 0);
    SignalContext c = Contexts.of(roomy, b, entry(2.00).setAggressor(Side.ASK));
    assertThat(c.side()).isEqualTo(OrderSide.SELL);
    assertThat(c.exitable()).isEqualTo(3);
    assertThat(c.quantity()).isEqualTo(3);
  }
}
