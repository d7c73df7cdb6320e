package io.nqflow.feed.normalize;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.dbn.BboView;
import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.DefinitionView;
import io.nqflow.dbn.MboView;
import io.nqflow.dbn.MbpView;
import io.nqflow.dbn.RType;
import io.nqflow.dbn.StatView;
import io.nqflow.dbn.StatusView;
import io.nqflow.market.TickGrid;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Statistic;
import io.nqflow.md.v1.Status;
import io.nqflow.md.v1.TickBand;
import io.nqflow.md.v1.Trade;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns decoded DBN records into the system's messages: definitions into {@link Instrument}, order
 * book, trade, quote, statistics and status records into {@link MarketEvent}. Prices stay 1e-9
 * fixed point; every venue code is mapped explicitly and an unknown one is an error naming the
 * field, the value and the record's byte offset.
 */
public final class DbnNormalizer {
  private final String source;

  public DbnNormalizer(String source) {
    this.source = source;
  }

  /** What a record normalizes to. */
  public enum Kind {
    INSTRUMENT,
    EVENT,
    /** A record type that carries no market event (ohlcv, imbalance, symbol mapping, system). */
    NOT_AN_EVENT
  }

  /** The kind of message {@code r} becomes, from its rtype alone. */
  public static Kind kindOf(DbnRecord r) {
    return switch (r.rtype()) {
      case RType.INSTRUMENT_DEF -> Kind.INSTRUMENT;
      case RType.MBO,
          RType.MBP_0,
          RType.MBP_1,
          RType.MBP_10,
          RType.BBO_1S,
          RType.BBO_1M,
          RType.STATISTICS,
          RType.STATUS ->
          Kind.EVENT;
      default -> Kind.NOT_AN_EVENT;
    };
  }

  public Instrument instrument(DbnRecord r) throws NormalizationException {
    DefinitionView d = r.definition();
    InstrumentClass cls = instrumentClass(d.instrumentClass(), r);
    String asset = d.asset();
    List<TickBand> bands = new ArrayList<>();
    bands.add(new TickBand(0L, d.minPriceIncrement()));
    boolean nqOption =
        (cls == InstrumentClass.CALL || cls == InstrumentClass.PUT)
            && ("NQ".equals(asset) || "MNQ".equals(asset));
    // NQ and MNQ options tick 0.05 up to a 5.00 premium and 0.25 above (the CME rule); the
    // definition only carries the fine tick.
    if (nqOption && d.minPriceIncrement() < TickGrid.COARSE_TICK) {
      bands.add(new TickBand(TickGrid.FINE_LIMIT, TickGrid.COARSE_TICK));
    }
    boolean option = cls == InstrumentClass.CALL || cls == InstrumentClass.PUT;
    return Instrument.newBuilder()
        .setInstrumentId(r.instrumentId())
        .setPublisherId(r.publisherId())
        .setSource(source)
        .setTsEvent(r.tsEvent())
        .setTsRecv(d.tsRecv())
        .setRawSymbol(d.rawSymbol())
        .setAsset(asset)
        .setSecurityType(d.securityType())
        .setInstrumentClass(cls)
        .setStrikePrice(option && d.strikePrice() != Dbn.UNDEF_PRICE ? d.strikePrice() : null)
        .setExpiration(undefTime(d.expiration()))
        .setActivation(undefTime(d.activation()))
        .setUnderlying(d.underlying())
        .setUnderlyingId(d.underlyingId() == 0 ? null : d.underlyingId())
        .setCurrency(d.currency())
        .setUnitOfMeasureQty(d.unitOfMeasureQty())
        .setMinPriceIncrement(d.minPriceIncrement())
        .setDisplayFactor(d.displayFactor())
        .setTickBands(bands)
        .setHighLimitPrice(undefPrice(d.highLimitPrice()))
        .setLowLimitPrice(undefPrice(d.lowLimitPrice()))
        .setChannelId(d.channelId())
        .build();
  }

  /**
   * The market event of an event record. Built with the generated no-argument constructor and
   * primitive setters (every field is set): the Avro builder validated and boxed each field and was
   * a good part of the feed's cost per event.
   */
  public MarketEvent event(DbnRecord r) throws NormalizationException {
    MarketEvent e = new MarketEvent();
    e.setSource(source);
    e.setInstrumentId(r.instrumentId());
    e.setPublisherId(r.publisherId());
    e.setTsEvent(r.tsEvent());
    switch (r.rtype()) {
      case RType.MBO -> {
        MboView m = r.mbo();
        e.setTsRecv(m.tsRecv());
        e.setSequence(m.sequence());
        e.setFlags(m.flags());
        Mbo p = new Mbo();
        p.setOrderId(m.orderId());
        p.setAction(action(m.action(), r));
        p.setSide(side(m.side(), r));
        p.setPrice(m.price());
        p.setSize(m.size());
        p.setChannelId(m.channelId());
        e.setPayload(p);
      }
      case RType.MBP_0, RType.MBP_1, RType.MBP_10 -> {
        MbpView m = r.mbp();
        e.setTsRecv(m.tsRecv());
        e.setSequence(m.sequence());
        e.setFlags(m.flags());
        if (m.levelCount() == 0 || m.action() == 'T') {
          Trade t = new Trade();
          t.setPrice(m.price());
          t.setSize(m.size());
          t.setSide(side(m.side(), r));
          t.setDepth(m.depth());
          e.setPayload(t);
        } else {
          List<BookLevel> levels = new ArrayList<>(m.levelCount());
          for (int i = 0; i < m.levelCount(); i++) {
            levels.add(
                new BookLevel(
                    undefPrice(m.bidPx(i)),
                    undefPrice(m.askPx(i)),
                    m.bidSz(i),
                    m.askSz(i),
                    (int) m.bidCt(i),
                    (int) m.askCt(i)));
          }
          e.setPayload(new Quote(levels));
        }
      }
      case RType.BBO_1S, RType.BBO_1M -> {
        BboView b = r.bbo();
        e.setTsRecv(b.tsRecv());
        e.setSequence(b.sequence());
        e.setFlags(b.flags());
        e.setPayload(
            new Quote(
                List.of(
                    new BookLevel(
                        undefPrice(b.bidPx()),
                        undefPrice(b.askPx()),
                        b.bidSz(),
                        b.askSz(),
                        (int) b.bidCt(),
                        (int) b.askCt()))));
      }
      case RType.STATISTICS -> {
        StatView s = r.stat();
        e.setTsRecv(s.tsRecv());
        e.setSequence(s.sequence());
        e.setFlags(0);
        e.setPayload(
            new Statistic(
                s.statType(),
                undefPrice(s.price()),
                s.quantity() == Dbn.UNDEF_STAT_QUANTITY ? null : s.quantity(),
                undefTime(s.tsRef()),
                s.updateAction(),
                s.statFlags()));
      }
      case RType.STATUS -> {
        StatusView s = r.status();
        e.setTsRecv(s.tsRecv());
        e.setSequence(0L);
        e.setFlags(0);
        e.setPayload(
            new Status(
                s.action(),
                s.reason(),
                s.tradingEvent(),
                triState(s.isTrading(), "is_trading", r),
                triState(s.isQuoting(), "is_quoting", r),
                triState(s.isShortSellRestricted(), "is_short_sell_restricted", r)));
      }
      default ->
          throw new NormalizationException(
              "record type " + RType.name(r.rtype()) + " is not a market event" + at(r));
    }
    return e;
  }

  static InstrumentClass instrumentClass(char c, DbnRecord r) throws NormalizationException {
    return switch (c) {
      case 'C' -> InstrumentClass.CALL;
      case 'P' -> InstrumentClass.PUT;
      case 'F' -> InstrumentClass.FUTURE;
      case 'K' -> InstrumentClass.STOCK;
      case 'M' -> InstrumentClass.MIXED_SPREAD;
      case 'T' -> InstrumentClass.OPTION_SPREAD;
      case 'S' -> InstrumentClass.FUTURE_SPREAD;
      case 'X' -> InstrumentClass.FX_SPOT;
      case 'B' -> InstrumentClass.BOND;
      default -> throw bad("instrument_class", c, r);
    };
  }

  static Side side(char c, DbnRecord r) throws NormalizationException {
    return switch (c) {
      case 'B' -> Side.BID;
      case 'A' -> Side.ASK;
      case 'N' -> Side.NONE;
      default -> throw bad("side", c, r);
    };
  }

  static Action action(char c, DbnRecord r) throws NormalizationException {
    return switch (c) {
      case 'A' -> Action.ADD;
      case 'C' -> Action.CANCEL;
      case 'M' -> Action.MODIFY;
      case 'R' -> Action.CLEAR;
      case 'T' -> Action.TRADE;
      case 'F' -> Action.FILL;
      case 'N' -> Action.NONE;
      default -> throw bad("action", c, r);
    };
  }

  private static Boolean triState(char c, String field, DbnRecord r) throws NormalizationException {
    return switch (c) {
      case 'Y' -> Boolean.TRUE;
      case 'N' -> Boolean.FALSE;
      case '~', 0 -> null;
      default -> throw bad(field, c, r);
    };
  }

  private static Long undefPrice(long p) {
    return p == Dbn.UNDEF_PRICE ? null : p;
  }

  private static Long undefTime(long t) {
    return t == Dbn.UNDEF_TIMESTAMP ? null : t;
  }

  private static NormalizationException bad(String field, char c, DbnRecord r) {
    return new NormalizationException(
        "unknown " + field + " code " + describe(c) + " in " + RType.name(r.rtype()) + at(r));
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("0x%02x", (int) c);
  }

  private static String at(DbnRecord r) {
    return " at byte offset " + r.streamOffset() + " (instrument " + r.instrumentId() + ")";
  }
}
