package io.nqflow.risk.micro;

import static io.nqflow.risk.Fixtures.DAY;
import static io.nqflow.risk.Fixtures.HOUR;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static io.nqflow.risk.Fixtures.px;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.risk.ExecuteIn;
import io.nqflow.risk.Fixtures;
import io.nqflow.risk.RiskBook;
import io.nqflow.risk.RiskEngine;
import io.nqflow.risk.RiskSettings;
import io.nqflow.risk.TestingEmitter;
import io.nqflow.signals.v1.FlowSignal;
import org.junit.jupiter.api.Test;

/**
 * {@code risk.execute_in: MICRO}: an NQ option's signal is executed in the MNQ option of the same
 * expiration date and right at the nearest listed strike, sized and checked at that option's price
 * and $2 a point; without one it is rejected by rule execute_in.
 */
class MicroExecutionTest {
  /** The signal's option expires two days after the signal (Fixtures.signal). */
  private static final long EXPIRY = TUESDAY_10_CT + 2 * DAY;

  private static final RiskSettings MICRO =
      Fixtures.settings().toBuilder().executeIn(ExecuteIn.MICRO).build();

  private static MicroQuote listed(
      long id, boolean call, double strike, long expiration, double bid, double ask) {
    MicroQuote q = new MicroQuote();
    q.instrumentId = id;
    q.rawSymbol = "MQ2H5 " + (call ? "C" : "P") + (long) strike;
    q.underlying = "MNQH5";
    q.call = call;
    q.strike = px(strike);
    q.expiration = expiration;
    q.bid = bid > 0 ? px(bid) : 0;
    q.ask = ask > 0 ? px(ask) : 0;
    q.tsEvent = TUESDAY_10_CT - HOUR;
    return q;
  }

  /** A book listing calls at 20975 and 21050 and a put at 21000, all of the signal's expiry. */
  private static RiskBook book() {
    RiskBook b = new RiskBook();
    RiskEngine e = new RiskEngine(MICRO);
    e.onMicro(b, listed(901, true, 20975, EXPIRY, 9.50, 10.00));
    e.onMicro(b, listed(902, true, 21050, EXPIRY, 4.00, 4.50));
    e.onMicro(b, listed(903, false, 21000, EXPIRY, 30.00, 31.00));
    // same strike as the signal, but expiring a day later: another cycle
    e.onMicro(b, listed(904, true, 21000, EXPIRY + DAY, 20.00, 21.00));
    return b;
  }

  @Test
  void anNqCallIsBoughtInTheNearestMnqCallOfItsExpiryAtItsAskAndTwoDollarsAPoint() {
    RiskBook b = book();
    TestingEmitter out = new TestingEmitter();
    // NQ C21000 at 40 points: at $20 a point and a 30 % stop, $240 of risk per contract, over
    // the $200 total risk and $50 daily loss limits.
    new RiskEngine(MICRO)
        .onSignal(b, Fixtures.signal("s1", 7, TUESDAY_10_CT, 40.0).build(), 1, out);

    assertThat(out.rejected).isEmpty();
    OrderIntent i = out.lastApproved();
    // 20975 is 25 points away, 21050 is 50: the nearest listed call of the same expiry.
    assertThat(i.getInstrumentId()).isEqualTo(901L);
    assertThat(i.getRawSymbol()).isEqualTo("MQ2H5 C20975");
    assertThat(i.getUnderlying()).isEqualTo("MNQH5");
    assertThat(i.getMultiplierUsd()).isEqualTo(2.0);
    assertThat(i.getSide()).isEqualTo(OrderSide.BUY);
    // priced at the micro's ask, 10.00 (no slippage in these settings); stop 30 % below: 7.00
    assertThat(i.getLimitPrice()).isEqualTo(px(10.00));
    assertThat(i.getStopLossPrice()).isEqualTo(px(7.00));
    // risk (10.00 - 7.00) x 1 x $2 = $6
    assertThat(i.getRiskUsd()).isEqualTo(6.0);
    assertThat(i.getRationale()).contains("executed in MQ2H5 C20975", "for NQH5 C21000-7");
    assertThat(out.audit.get(out.audit.size() - 1).getDetails())
        .containsEntry(MicroMapping.EXECUTED_IN, "MQ2H5 C20975")
        .containsEntry(MicroMapping.SIGNAL_RAW_SYMBOL, "NQH5 C21000-7");
    // the position the gate reckons with is the micro's
    assertThat(b.pending.values())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.instrumentId).isEqualTo(901L);
              assertThat(p.multiplierUsd).isEqualTo(2.0);
            });
  }

  @Test
  void aTieGoesToTheStrikeFurtherOutOfTheMoney() {
    RiskBook b = book();
    RiskEngine e = new RiskEngine(MICRO);
    e.onMicro(b, listed(905, true, 21025, EXPIRY, 6.00, 6.50));
    TestingEmitter out = new TestingEmitter();
    // 20975 and 21025 are both 25 points from 21000: the call's cheaper side is the higher strike.
    e.onSignal(b, Fixtures.signal("s1", 7, TUESDAY_10_CT, 40.0).build(), 1, out);
    assertThat(out.lastApproved().getInstrumentId()).isEqualTo(905L);
  }

  @Test
  void aPutMapsToAPutAndIsPricedAtItsAsk() {
    RiskBook b = book();
    TestingEmitter out = new TestingEmitter();
    FlowSignal put =
        Fixtures.signal("s2", 8, TUESDAY_10_CT, 40.0)
            .setInstrumentClass(InstrumentClass.PUT)
            .build();
    new RiskEngine(MICRO).onSignal(b, put, 1, out);
    assertThat(out.lastApproved().getInstrumentId()).isEqualTo(903L);
    assertThat(out.lastApproved().getLimitPrice()).isEqualTo(px(31.00));
  }

  @Test
  void noMnqOptionOfTheSameExpiryDateIsARejectionNamedExecuteIn() {
    RiskBook b = new RiskBook();
    RiskEngine e = new RiskEngine(MICRO);
    e.onMicro(b, listed(904, true, 21000, EXPIRY + DAY, 20.00, 21.00));
    TestingEmitter out = new TestingEmitter();
    e.onSignal(b, Fixtures.signal("s1", 7, TUESDAY_10_CT, 4.0).build(), 1, out);

    assertThat(out.approved).isEmpty();
    assertThat(out.lastRules()).contains("execute_in");
    assertThat(out.rejected.get(0).getViolations().get(0).getDetail())
        .contains("no MNQ call listed expiring 2025-03-13");
  }

  @Test
  void aListedMnqOptionWithoutAskOrTradeIsARejectionNamedExecuteIn() {
    RiskBook b = new RiskBook();
    RiskEngine e = new RiskEngine(MICRO);
    e.onMicro(b, listed(901, true, 21000, EXPIRY, 9.50, 0));
    TestingEmitter out = new TestingEmitter();
    e.onSignal(b, Fixtures.signal("s1", 7, TUESDAY_10_CT, 4.0).build(), 1, out);

    assertThat(out.approved).isEmpty();
    assertThat(out.lastRules()).contains("execute_in");
  }

  @Test
  void anExitSellsTheMicroHeldAtItsBid() {
    RiskBook b = book();
    RiskEngine e = new RiskEngine(MICRO);
    io.nqflow.risk.Position held = new io.nqflow.risk.Position(901L, 2.0);
    held.quantity = 1;
    held.avgPrice = px(10.0);
    b.positions.put(901L, held);
    TestingEmitter out = new TestingEmitter();
    FlowSignal sell = Fixtures.signal("s3", 7, TUESDAY_10_CT, 40.0).setAggressor(Side.ASK).build();
    e.onSignal(b, sell, 1, out);

    OrderIntent i = out.lastApproved();
    assertThat(i.getInstrumentId()).isEqualTo(901L);
    assertThat(i.getSide()).isEqualTo(OrderSide.SELL);
    assertThat(i.getLimitPrice()).isEqualTo(px(9.50));
  }

  @Test
  void withSameTheSignalsOwnOptionIsTradedAndTheMicrosAreIgnored() {
    RiskBook b = book();
    TestingEmitter out = new TestingEmitter();
    new RiskEngine(Fixtures.settings())
        .onSignal(b, Fixtures.signal("s1", 7, TUESDAY_10_CT, 4.0).build(), 1, out);
    assertThat(out.lastApproved().getInstrumentId()).isEqualTo(7L);
    assertThat(out.lastApproved().getMultiplierUsd()).isEqualTo(20.0);
  }
}
