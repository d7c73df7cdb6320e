package io.nqflow.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.RunControl;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.TickBand;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveClockSinkTest {
  private static final long T0 = 1_767_620_000_000_000_000L;
  private static final long SHIFT = 3_600_000_000_000L;

  /** Keeps what it is given. */
  static final class CollectingSink implements FeedSink {
    final List<Instrument> instruments = new ArrayList<>();
    final List<MarketEvent> events = new ArrayList<>();

    @Override
    public void instrument(Instrument i) {
      instruments.add(i);
    }

    @Override
    public void event(MarketEvent e) {
      events.add(e);
    }

    @Override
    public void deadLetter(DeadLetter d) {}
  }

  @Test
  void historyMovesEveryTimeOfDefinitionsAndEventsByTheShift() {
    CollectingSink out = new CollectingSink();
    LiveClockSink sink = LiveClockSink.history(out, SHIFT);

    sink.instrument(instrument(T0));
    sink.event(trade(T0 + 5));

    Instrument i = out.instruments.get(0);
    assertThat(i.getTsEvent()).isEqualTo(T0 + SHIFT);
    assertThat(i.getTsRecv()).isEqualTo(T0 + SHIFT);
    assertThat(i.getExpiration()).isEqualTo(T0 + 86_400_000_000_000L + SHIFT);
    assertThat(i.getActivation()).isEqualTo(T0 - 86_400_000_000_000L + SHIFT);
    assertThat(out.events.get(0).getTsEvent()).isEqualTo(T0 + 5 + SHIFT);
    assertThat(out.events.get(0).getTsRecv()).isEqualTo(T0 + 5 + SHIFT);
  }

  @Test
  void liveEventsCarryTheWallClockAtHandOverAndOneMatchKeepsOneTime() {
    CollectingSink out = new CollectingSink();
    LiveClockSink sink =
        LiveClockSink.live(out, SHIFT, 0, Long.MAX_VALUE, Long.MAX_VALUE, RunControl.fromStart());
    long before = EpochNanos.now();

    sink.event(trade(T0));
    sink.event(trade(T0 + 1_000));
    sink.event(trade(T0 + 1_000));
    sink.event(trade(T0 + 2_000));
    long after = EpochNanos.now();

    List<Long> ts = out.events.stream().map(MarketEvent::getTsEvent).toList();
    assertThat(ts).allMatch(t -> t >= before && t <= after);
    assertThat(ts.get(1)).as("one match, one time").isEqualTo(ts.get(2));
    assertThat(ts.get(0)).isLessThan(ts.get(1));
    assertThat(ts.get(2)).isLessThan(ts.get(3));
    assertThat(out.events).allMatch(e -> e.getTsRecv() == e.getTsEvent());
    assertThat(sink.firstTs()).isEqualTo(ts.get(0));
    assertThat(sink.published()).isEqualTo(4);
  }

  @Test
  void liveStopsTheRunAfterMaxEventsAndDropsTheRest() {
    CollectingSink out = new CollectingSink();
    RunControl control = RunControl.fromStart();
    LiveClockSink sink = LiveClockSink.live(out, SHIFT, 0, 2, Long.MAX_VALUE, control);

    for (int k = 0; k < 5; k++) {
      sink.event(trade(T0 + k));
    }

    assertThat(out.events).hasSize(2);
    assertThat(control.stopRequested()).isTrue();
  }

  @Test
  void liveIsPacedAtTheRate() {
    CollectingSink out = new CollectingSink();
    LiveClockSink sink =
        LiveClockSink.live(
            out, SHIFT, 1_000, Long.MAX_VALUE, Long.MAX_VALUE, RunControl.fromStart());

    for (int k = 0; k < 21; k++) {
      sink.event(trade(T0 + k));
    }

    // 1,000 events/s: the 21st event is due 20 ms after the first, never earlier.
    assertThat(sink.elapsedNanos()).isGreaterThanOrEqualTo(20_000_000L);
  }

  private static MarketEvent trade(long ts) {
    return MarketEvent.newBuilder()
        .setSource("test")
        .setInstrumentId(1)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts)
        .setSequence(1)
        .setFlags(0)
        .setPayload(
            Trade.newBuilder()
                .setPrice(1_000_000_000L)
                .setSize(1)
                .setSide(Side.BID)
                .setDepth(0)
                .build())
        .build();
  }

  private static Instrument instrument(long ts) {
    long day = 86_400_000_000_000L;
    return Instrument.newBuilder()
        .setInstrumentId(1)
        .setPublisherId(1)
        .setSource("test")
        .setTsEvent(ts)
        .setTsRecv(ts)
        .setRawSymbol("NQH6 C21500")
        .setAsset("NQ")
        .setSecurityType("OOF")
        .setInstrumentClass(InstrumentClass.CALL)
        .setStrikePrice(21_500_000_000_000L)
        .setExpiration(ts + day)
        .setActivation(ts - day)
        .setUnderlying("NQH6")
        .setUnderlyingId(2L)
        .setCurrency("USD")
        .setUnitOfMeasureQty(20_000_000_000L)
        .setMinPriceIncrement(50_000_000L)
        .setDisplayFactor(1_000_000_000L)
        .setTickBands(List.of(new TickBand(0L, 50_000_000L)))
        .build();
  }
}
