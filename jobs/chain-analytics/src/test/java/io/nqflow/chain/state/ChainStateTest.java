package io.nqflow.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.Right;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.md.v1.Instrument;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainStateTest {
  private static final long E9 = 1_000_000_000L;
  private static final long UNDEF = Long.MAX_VALUE;

  // 2026-03-13 09:00 CDT and later, the trading day of March 13.
  private static final long T0 = Instant.parse("2026-03-13T14:00:00Z").getEpochSecond() * E9;
  private static final long WEEKLY = Instant.parse("2026-03-13T20:00:00Z").getEpochSecond() * E9;
  private static final long QUARTERLY = Instant.parse("2026-03-20T20:00:00Z").getEpochSecond() * E9;

  /** NQH6 and a few options; MNQH6 with one option. */
  private static ChainState chain() {
    ChainState s = new ChainState();
    s.define(1, 'F', "NQH6", "", UNDEF, QUARTERLY, 20 * E9);
    s.define(10, 'C', "NQH6 C21000", "NQH6", 21_000 * E9, QUARTERLY, 20 * E9);
    s.define(11, 'P', "NQH6 P21000", "NQH6", 21_000 * E9, QUARTERLY, 20 * E9);
    s.define(12, 'C', "NQH6 C21100", "NQH6", 21_100 * E9, QUARTERLY, 20 * E9);
    s.define(13, 'P', "QN2H6 P20900", "NQH6", 20_900 * E9, WEEKLY, 20 * E9);
    s.define(20, 'F', "MNQH6", "", UNDEF, QUARTERLY, 2 * E9);
    s.define(21, 'C', "MNQH6 C21000", "MNQH6", 21_000 * E9, QUARTERLY, 2 * E9);
    assertThat(s.define(30, 'S', "NQH6-NQM6", "", UNDEF, QUARTERLY, 20 * E9)).isNull();
    return s;
  }

  @Test
  void definitionsMapClassStrikeExpiryAndMultiplier() {
    ChainState s = chain();
    assertThat(s.underlyings()).containsExactly("MNQH6", "NQH6");
    assertThat(s.options("NQH6")).containsOnlyKeys(10L, 11L, 12L, 13L);
    ContractState p = s.contract(11);
    assertThat(p.call).isFalse();
    assertThat(p.future).isFalse();
    assertThat(p.strike).isEqualTo(21000.0);
    assertThat(p.expirationNs).isEqualTo(QUARTERLY);
    assertThat(p.multiplier).isEqualTo(20.0);
    assertThat(s.contract(21).multiplier).isEqualTo(2.0);
    assertThat(s.future("NQH6").future).isTrue();
    assertThat(s.contract(30)).isNull();
  }

  @Test
  void aSnapshotHasOpenInterestSessionVolumeMarksAndTheFuturesMid() {
    ChainState s = chain();
    s.onStatistic(10, ChainState.STAT_OPEN_INTEREST, 3400);
    s.onStatistic(10, 3, 99); // a settlement price statistic: not open interest
    s.onStatistic(11, ChainState.STAT_OPEN_INTEREST, 2100);
    // The call's book: bids 12.00 x2 and 12.25 x1, an ask 13.00 x5.
    s.onMbo(10, T0, 'A', 'B', 100, 12_000_000_000L, 2);
    s.onMbo(10, T0 + 1, 'A', 'B', 101, 12_250_000_000L, 1);
    s.onMbo(10, T0 + 2, 'A', 'A', 102, 13_000_000_000L, 5);
    // A buy of 2 at 13.00: the trade, the fill, the cancel that reduces the resting ask.
    s.onMbo(10, T0 + 3, 'T', 'B', 0, 13_000_000_000L, 2);
    s.onMbo(10, T0 + 3, 'F', 'A', 102, 13_000_000_000L, 2);
    s.onMbo(10, T0 + 3, 'C', 'A', 102, 13_000_000_000L, 2);
    // A sell of 1 at 12.25 that empties that level.
    s.onMbo(10, T0 + 4, 'T', 'A', 0, 12_250_000_000L, 1);
    s.onMbo(10, T0 + 4, 'C', 'B', 101, 12_250_000_000L, 1);
    // The put trades only on the trades schema.
    s.onTrade(11, T0 + 5, 8_500_000_000L, 4, 'A');
    // The future: a trade, then a book with both sides.
    s.onTrade(1, T0 + 6, 21_010_000_000_000L, 1, 'B');
    assertThat(s.underlyingPrice("NQH6")).isEqualTo(21010.0);
    s.onMbo(1, T0 + 7, 'A', 'B', 200, 21_012_000_000_000L, 3);
    s.onMbo(1, T0 + 7, 'A', 'A', 201, 21_013_000_000_000L, 3);

    ChainSnapshot snap = s.snapshot("NQH6", T0 + 10);
    assertThat(snap.underlying()).isEqualTo("NQH6");
    assertThat(snap.underlyingPrice()).isEqualTo(21012.5);
    assertThat(snap.multiplier()).isEqualTo(20.0);
    assertThat(snap.asOfNs()).isEqualTo(T0 + 10);
    List<ChainContract> cs = snap.contracts();
    // Sorted by expiry, strike, side: the weekly put first.
    assertThat(cs).extracting(ChainContract::instrumentId).containsExactly(13L, 10L, 11L, 12L);

    ChainContract call = cs.get(1);
    assertThat(call.openInterest()).isEqualTo(3400);
    assertThat(call.volume()).isEqualTo(3);
    assertThat(call.buyVolume()).isEqualTo(2);
    assertThat(call.sellVolume()).isEqualTo(1);
    assertThat(call.buyPremiumUsd()).isCloseTo(520.0, within(1e-9)); // 13 x 2 x 20
    assertThat(call.sellPremiumUsd()).isCloseTo(245.0, within(1e-9)); // 12.25 x 1 x 20
    assertThat(call.bid()).isEqualTo(12.0);
    assertThat(call.ask()).isEqualTo(13.0);
    assertThat(call.last()).isEqualTo(12.25);
    assertThat(call.mark()).isEqualTo(12.5);

    ChainContract put = cs.get(2);
    assertThat(put.right()).isEqualTo(Right.PUT);
    assertThat(put.openInterest()).isEqualTo(2100);
    assertThat(put.volume()).isEqualTo(4);
    assertThat(put.sellVolume()).isEqualTo(4);
    assertThat(put.bid()).isNull();
    assertThat(put.last()).isEqualTo(8.5);
    assertThat(put.mark()).isEqualTo(8.5);

    ChainContract untraded = cs.get(3);
    assertThat(untraded.volume()).isZero();
    assertThat(untraded.openInterest()).isZero();
    assertThat(untraded.mark()).isZero();
  }

  @Test
  void expiredOptionsLeaveTheSnapshotAndYesterdaysVolumeIsNotTodays() {
    ChainState s = chain();
    s.onTrade(10, T0, 12_000_000_000L, 7, 'B');
    // After the weekly's expiry; the next trading day (the 16th, a Monday) for the volume.
    long monday = Instant.parse("2026-03-16T14:00:00Z").getEpochSecond() * E9;
    ChainSnapshot snap = s.snapshot("NQH6", monday);
    assertThat(snap.contracts()).extracting(ChainContract::instrumentId).doesNotContain(13L);
    ChainContract call =
        snap.contracts().stream().filter(c -> c.instrumentId() == 10).findFirst().orElseThrow();
    assertThat(call.volume()).isZero();
    assertThat(call.last()).isEqualTo(12.0);
    assertThat(s.snapshot("NQH6", T0 + 1).contracts().get(1).volume()).isEqualTo(7);
  }

  @Test
  void anUnknownFuturesPriceIsNullAndAnUnknownUnderlyingIsAnError() {
    ChainState s = chain();
    assertThat(s.snapshot("MNQH6", T0).underlyingPrice()).isNull();
    assertThat(s.snapshot("MNQH6", T0).multiplier()).isEqualTo(2.0);
    assertThatThrownBy(() -> s.snapshot("NQM6", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no options of underlying NQM6");
  }

  @Test
  void aRepeatedDefinitionKeepsTheStateAndClearedBooksForgetTheQuotes() {
    ChainState s = chain();
    s.onStatistic(10, ChainState.STAT_OPEN_INTEREST, 500);
    s.onMbo(10, T0, 'A', 'B', 1, 12_000_000_000L, 1);
    s.define(10, 'C', "NQH6 C21000", "NQH6", 21_000 * E9, QUARTERLY, 20 * E9);
    assertThat(s.contract(10).openInterest).isEqualTo(500);
    assertThat(s.contract(10).bid).isEqualTo(12.0);
    assertThat(s.options("NQH6")).hasSize(4);

    s.clearBooks();
    assertThat(s.contract(10).bid).isNaN();
    assertThat(s.book(10).orderCount()).isZero();
    assertThat(s.contract(10).openInterest).isEqualTo(500);
  }

  @Test
  void retainForgetsInstrumentsNoLongerListed() {
    ChainState s = chain();
    s.onMbo(12, T0, 'A', 'B', 1, 12_000_000_000L, 1);
    assertThat(s.retain(java.util.Set.of(1L, 10L, 11L, 13L, 20L, 21L))).isEqualTo(1);
    assertThat(s.contract(12)).isNull();
    assertThat(s.book(12)).isNull();
    assertThat(s.options("NQH6")).containsOnlyKeys(10L, 11L, 13L);
    s.retain(java.util.Set.of(1L, 10L, 11L, 13L));
    assertThat(s.underlyings()).containsExactly("NQH6");
    assertThat(s.future("MNQH6")).isNull();
  }

  @Test
  void aQuoteRecordSetsTheTopOfAnInstrumentWithoutMarketByOrder() {
    ChainState s = chain();
    s.onTopOfBook(12, 4_000_000_000L, ChainState.UNDEF_PRICE);
    assertThat(s.contract(12).bid).isEqualTo(4.0);
    assertThat(s.contract(12).ask).isNaN();
  }

  @Test
  void aNormalizedDefinitionMapsLikeTheRawOne() {
    Instrument i =
        Instrument.newBuilder()
            .setInstrumentId(10)
            .setPublisherId(1)
            .setSource("test")
            .setTsEvent(0)
            .setTsRecv(0)
            .setRawSymbol("NQH6 P21000")
            .setAsset("NQ")
            .setSecurityType("OOF")
            .setInstrumentClass(InstrumentClass.PUT)
            .setStrikePrice(21_000 * E9)
            .setExpiration(QUARTERLY)
            .setActivation(null)
            .setUnderlying("NQH6")
            .setUnderlyingId(1L)
            .setCurrency("USD")
            .setUnitOfMeasureQty(20 * E9)
            .setMinPriceIncrement(50_000_000L)
            .setDisplayFactor(10_000_000L)
            .setTickBands(List.of())
            .setHighLimitPrice(null)
            .setLowLimitPrice(null)
            .setChannelId(1)
            .build();
    ContractState p = ChainState.stateOf(i);
    assertThat(p.call).isFalse();
    assertThat(p.strike).isEqualTo(21000.0);
    assertThat(p.underlying).isEqualTo("NQH6");
    assertThat(p.multiplier).isEqualTo(20.0);
    assertThat(p.expirationNs).isEqualTo(QUARTERLY);
  }
}
