package io.nqflow.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.Right;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class ContractStateTest {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  /** ns of a Chicago wall-clock time. */
  private static long ct(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(CHICAGO).toInstant().toEpochMilli()
        * 1_000_000L;
  }

  private static ContractState call21000() {
    return ContractState.option(7, "NQH6 C21000", "NQH6", 21000, true, ct("2026-03-20T15:00"), 20);
  }

  @Test
  void tradesCountVolumeBySideAndPremiumIsPriceTimesSizeTimesMultiplier() {
    ContractState s = call21000();
    s.onTrade(ct("2026-03-13T09:00"), 12.5, 3, 'B');
    s.onTrade(ct("2026-03-13T09:01"), 13.0, 2, 'A');
    s.onTrade(ct("2026-03-13T09:02"), 12.75, 1, 'N');

    assertThat(s.volume).isEqualTo(6);
    assertThat(s.buyVolume).isEqualTo(3);
    assertThat(s.sellVolume).isEqualTo(2);
    assertThat(s.buyPremiumUsd).isCloseTo(750.0, within(1e-9)); // 12.5 x 3 x 20
    assertThat(s.sellPremiumUsd).isCloseTo(520.0, within(1e-9)); // 13.0 x 2 x 20
    assertThat(s.last).isEqualTo(12.75);
    assertThat(s.lastTsNs).isEqualTo(ct("2026-03-13T09:02"));
    assertThat(s.tradingDay).isEqualTo(java.time.LocalDate.of(2026, 3, 13).toEpochDay());
  }

  @Test
  void aTradeOfTheNextTradingDayResetsTheSessionCountersAndALateOneIsIgnored() {
    ContractState s = call21000();
    s.onTrade(ct("2026-03-12T14:00"), 10.0, 5, 'B');
    // 17:30 CT on the 12th opens the trading day of the 13th.
    s.onTrade(ct("2026-03-12T17:30"), 11.0, 2, 'A');

    assertThat(s.volume).isEqualTo(2);
    assertThat(s.buyVolume).isZero();
    assertThat(s.sellVolume).isEqualTo(2);
    assertThat(s.buyPremiumUsd).isZero();
    assertThat(s.sellPremiumUsd).isCloseTo(440.0, within(1e-9));
    assertThat(s.tradingDay).isEqualTo(java.time.LocalDate.of(2026, 3, 13).toEpochDay());

    s.onTrade(ct("2026-03-12T15:59"), 9.0, 100, 'B'); // of the 12th: late
    assertThat(s.volume).isEqualTo(2);
    assertThat(s.last).isEqualTo(11.0);
  }

  @Test
  void openInterestAndTopOfBookAreSetAndTheMarkIsTheMidElseTheLast() {
    ContractState s = call21000();
    assertThat(s.mark()).isNaN();
    s.onTrade(ct("2026-03-13T09:00"), 12.0, 1, 'B');
    assertThat(s.mark()).isEqualTo(12.0);
    s.onTopOfBook(12.5, Double.NaN);
    assertThat(s.mark()).isEqualTo(12.0);
    s.onTopOfBook(12.5, 13.0);
    assertThat(s.mark()).isEqualTo(12.75);
    s.onOpenInterest(3400);
    assertThat(s.openInterest).isEqualTo(3400);
  }

  @Test
  void theContractHasNullForUnknownPricesAndEveryCounter() {
    ContractState s = call21000();
    s.onOpenInterest(3400);
    s.onTopOfBook(Double.NaN, 13.0);
    s.onTrade(ct("2026-03-13T09:00"), 12.5, 4, 'B');

    ChainContract c = s.toContract();
    assertThat(c.instrumentId()).isEqualTo(7);
    assertThat(c.symbol()).isEqualTo("NQH6 C21000");
    assertThat(c.strike()).isEqualTo(21000);
    assertThat(c.right()).isEqualTo(Right.CALL);
    assertThat(c.expirationNs()).isEqualTo(ct("2026-03-20T15:00"));
    assertThat(c.bid()).isNull();
    assertThat(c.ask()).isEqualTo(13.0);
    assertThat(c.last()).isEqualTo(12.5);
    assertThat(c.volume()).isEqualTo(4);
    assertThat(c.openInterest()).isEqualTo(3400);
    assertThat(c.buyVolume()).isEqualTo(4);
    assertThat(c.sellVolume()).isZero();
    assertThat(c.buyPremiumUsd()).isCloseTo(1000.0, within(1e-9));

    ChainContract put =
        ContractState.option(8, "NQH6 P21000", "NQH6", 21000, false, 0, 20).toContract();
    assertThat(put.right()).isEqualTo(Right.PUT);
    assertThat(put.bid()).isNull();
    assertThat(put.ask()).isNull();
    assertThat(put.last()).isNull();
  }

  @Test
  void asOfALaterTradingDayTheSessionCountersAreZeroButQuotesAndOiStay() {
    ContractState s = call21000();
    s.onOpenInterest(50);
    s.onTopOfBook(1.0, 2.0);
    s.onTrade(ct("2026-03-12T10:00"), 1.5, 9, 'B');

    ChainContract sameDay = s.toContract(ct("2026-03-12T15:00"));
    assertThat(sameDay.volume()).isEqualTo(9);
    ChainContract nextDay = s.toContract(ct("2026-03-13T08:30"));
    assertThat(nextDay.volume()).isZero();
    assertThat(nextDay.buyVolume()).isZero();
    assertThat(nextDay.buyPremiumUsd()).isZero();
    assertThat(nextDay.openInterest()).isEqualTo(50);
    assertThat(nextDay.last()).isEqualTo(1.5);
    assertThat(nextDay.bid()).isEqualTo(1.0);
  }

  @Test
  void aFutureIsNotAChainContract() {
    ContractState f = ContractState.future(1, "NQH6", 20);
    assertThat(f.future).isTrue();
    assertThat(f.underlying).isEmpty();
    assertThatThrownBy(f::toContract)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NQH6");
  }

  @Test
  void flinkTreatsItAsAPojo() {
    assertThat(TypeInformation.of(ContractState.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(new ContractState().bid).isNaN();
  }
}
