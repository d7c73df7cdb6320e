package io.nqflow.feed.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.core.config.QualityConfig;
import io.nqflow.feed.FeedMetrics;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.TickBand;
import io.nqflow.md.v1.Trade;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QualityMonitorTest {
  /** One point in 1e-9 fixed point. */
  private static final long PT = 1_000_000_000L;

  private static final long OPT = 42;
  private static final long T0 = 1_700_000_000_000_000_000L;

  private final String source = "qm-" + System.nanoTime();
  private QualityMonitor monitor;

  @BeforeEach
  void setUp() {
    monitor =
        new QualityMonitor(
            source, new QualityConfig(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    monitor.instrument(option(OPT));
  }

  @Test
  void cleanEventsHaveNoFindings() {
    assertThat(monitor.check(trade(OPT, 1, T0, 4 * PT + PT / 20))).isEmpty();
    assertThat(monitor.check(trade(OPT, 2, T0, 7 * PT + PT / 4))).isEmpty();
    assertThat(monitor.check(quote(OPT, 3, T0, 5 * PT, 5 * PT + PT / 4))).isEmpty();
    assertThat(count(Check.OFF_TICK) + count(Check.DUPLICATE)).isZero();
  }

  @Test
  void priceOffTheBandsTickIsRejected() {
    // 0.05 is the tick up to 5.00, 0.25 above: 5.10 is off the grid, 4.10 is on it.
    assertThat(monitor.check(trade(OPT, 1, T0, 4 * PT + PT / 10))).isEmpty();
    List<Finding> f = monitor.check(trade(OPT, 2, T0, 5 * PT + PT / 10));
    assertThat(f).extracting(Finding::check).containsExactly(Check.OFF_TICK);
    assertThat(f.get(0).rejects()).isTrue();
    assertThat(f.get(0).reason()).contains("5.1").contains("0.25");
    assertThat(count(Check.OFF_TICK)).isEqualTo(1);
  }

  @Test
  void tradeOutsideLimitsIsRejected() {
    List<Finding> f = monitor.check(trade(OPT, 1, T0, 600 * PT));
    assertThat(f).extracting(Finding::check).containsExactly(Check.OUTSIDE_LIMITS);
    assertThat(f.get(0).reason()).contains("600").contains("500");
  }

  @Test
  void unknownInstrumentSkipsGridChecks() {
    assertThat(monitor.check(trade(7, 1, T0, 5 * PT + PT / 10))).isEmpty();
  }

  @Test
  void sameRecordTwiceIsADuplicateButTwoFillsOfOneMessageAreNot() {
    MarketEvent a = mbo(OPT, 1, 100, T0, Action.FILL, 5 * PT);
    MarketEvent b = mbo(OPT, 1, 100, T0, Action.FILL, 5 * PT);
    b.setPayload(new Mbo(11L, Action.FILL, Side.ASK, 5 * PT, 1L, 1));
    assertThat(monitor.check(a)).isEmpty();
    assertThat(monitor.check(b)).isEmpty();
    List<Finding> f = monitor.check(mbo(OPT, 1, 100, T0, Action.FILL, 5 * PT));
    assertThat(f).extracting(Finding::check).containsExactly(Check.DUPLICATE);
    assertThat(count(Check.DUPLICATE)).isEqualTo(1);
  }

  @Test
  void mboSequenceGapIsCountedPerChannelAndNotRejected() {
    assertThat(monitor.check(mbo(OPT, 1, 100, T0, Action.ADD, 5 * PT))).isEmpty();
    assertThat(monitor.check(mbo(OPT, 1, 101, T0 + 1, Action.ADD, 5 * PT))).isEmpty();
    // Another channel has its own sequence.
    assertThat(monitor.check(mbo(OPT, 2, 7, T0 + 2, Action.ADD, 5 * PT))).isEmpty();
    List<Finding> f = monitor.check(mbo(OPT, 1, 105, T0 + 3, Action.ADD, 5 * PT));
    assertThat(f).extracting(Finding::check).containsExactly(Check.SEQUENCE_GAP);
    assertThat(f.get(0).rejects()).isFalse();
    assertThat(f.get(0).reason()).contains("3 missing");
    assertThat(count(Check.SEQUENCE_GAP)).isEqualTo(1);
  }

  @Test
  void crossedQuoteIsRejected() {
    List<Finding> f = monitor.check(quote(OPT, 1, T0, 5 * PT + PT / 2, 5 * PT + PT / 4));
    assertThat(f).extracting(Finding::check).containsExactly(Check.CROSSED_BOOK);
    assertThat(count(Check.CROSSED_BOOK)).isEqualTo(1);
  }

  @Test
  void clockSkewAboveTheProfileLimitIsFlaggedNotRejected() {
    MarketEvent e = trade(OPT, 1, T0, 5 * PT);
    e.setTsRecv(T0 + Duration.ofSeconds(3).toNanos());
    List<Finding> f = monitor.check(e);
    assertThat(f).extracting(Finding::check).containsExactly(Check.CLOCK_SKEW);
    assertThat(f.get(0).rejects()).isFalse();
    MarketEvent ok = trade(OPT, 2, T0, 5 * PT);
    ok.setTsRecv(T0 + Duration.ofSeconds(1).toNanos());
    assertThat(monitor.check(ok)).isEmpty();
    // F_BAD_TS_RECV: the venue says ts_recv is unreliable, so no skew finding.
    e.setSequence(3);
    e.setFlags(8);
    assertThat(monitor.check(e)).isEmpty();
  }

  @Test
  void anInstrumentSilentWhileOthersUpdateIsStaleOnceUntilItUpdatesAgain() {
    long other = 43;
    long s = 1_000_000_000L;
    assertThat(monitor.check(trade(OPT, 1, T0, 5 * PT))).isEmpty();
    List<Finding> found = new java.util.ArrayList<>();
    // The other instrument updates every 5 s for 60 s; OPT stays silent.
    for (int i = 1; i <= 12; i++) {
      found.addAll(monitor.check(trade(other, 1 + i, T0 + i * 5 * s, 5 * PT)));
    }
    assertThat(found).extracting(Finding::check).containsExactly(Check.STALE_INSTRUMENT);
    assertThat(found.get(0).instrumentId()).isEqualTo(OPT);
    assertThat(found.get(0).rejects()).isFalse();
    assertThat(found.get(0).reason())
        .contains("NQH6 C21000 has not updated for")
        .contains("last ts_event " + T0);
    assertThat(monitor.staleInstruments()).isEqualTo(1);
    assertThat(count(Check.STALE_INSTRUMENT)).isEqualTo(1);
    assertThat(FeedMetrics.STALE_INSTRUMENTS.labels(source).get()).isEqualTo(1);

    // It updates: no longer stale; silent again for long enough: a new finding.
    assertThat(monitor.check(trade(OPT, 20, T0 + 61 * s, 5 * PT))).isEmpty();
    assertThat(monitor.staleInstruments()).isZero();
    assertThat(FeedMetrics.STALE_INSTRUMENTS.labels(source).get()).isZero();
    found.clear();
    for (int i = 1; i <= 10; i++) {
      found.addAll(monitor.check(trade(other, 20 + i, T0 + (61 + i * 5) * s, 5 * PT)));
    }
    assertThat(found).extracting(Finding::instrumentId).containsExactly(OPT);
  }

  @Test
  void aPauseOfTheWholeFeedIsNotStaleness() {
    long other = 43;
    long s = 1_000_000_000L;
    monitor.check(trade(OPT, 1, T0, 5 * PT));
    monitor.check(trade(other, 2, T0 + s, 5 * PT));
    // Overnight: nothing for hours, then only the other instrument, for less than stale_after.
    long next = T0 + 3600 * s;
    List<Finding> found = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      found.addAll(monitor.check(trade(other, 3 + i, next + i * 5 * s, 5 * PT)));
    }
    assertThat(found).isEmpty();
    // Past stale_after of activity, OPT is stale.
    for (int i = 5; i < 10; i++) {
      found.addAll(monitor.check(trade(other, 3 + i, next + i * 5 * s, 5 * PT)));
    }
    assertThat(found).extracting(Finding::instrumentId).containsExactly(OPT);
  }

  private double count(Check c) {
    Double v = FeedMetrics.QUALITY_FINDINGS.labels(source, c.label()).get();
    return v == null ? 0 : v;
  }

  private static Instrument option(long id) {
    return Instrument.newBuilder()
        .setInstrumentId(id)
        .setPublisherId(1)
        .setSource("test")
        .setTsEvent(T0)
        .setTsRecv(T0)
        .setRawSymbol("NQH6 C21000")
        .setAsset("NQ")
        .setSecurityType("OOF")
        .setInstrumentClass(InstrumentClass.CALL)
        .setUnderlying("NQH6")
        .setCurrency("USD")
        .setUnitOfMeasureQty(20 * PT)
        .setMinPriceIncrement(PT / 20)
        .setDisplayFactor(PT)
        .setTickBands(List.of(new TickBand(0L, PT / 20), new TickBand(5 * PT, PT / 4)))
        .setHighLimitPrice(500 * PT)
        .setLowLimitPrice(0L)
        .build();
  }

  private static MarketEvent event(long id, long seq, long ts, Object payload) {
    return MarketEvent.newBuilder()
        .setSource("test")
        .setInstrumentId(id)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts + 1000)
        .setSequence(seq)
        .setFlags(0)
        .setPayload(payload)
        .build();
  }

  private static MarketEvent trade(long id, long seq, long ts, long price) {
    return event(id, seq, ts, new Trade(price, 1L, Side.BID, 0));
  }

  private static MarketEvent quote(long id, long seq, long ts, long bid, long ask) {
    return event(id, seq, ts, new Quote(List.of(new BookLevel(bid, ask, 1L, 1L, 1, 1))));
  }

  private static MarketEvent mbo(long id, int channel, long seq, long ts, Action a, long price) {
    return event(id, seq, ts, new Mbo(10L, a, Side.BID, price, 1L, channel));
  }
}
