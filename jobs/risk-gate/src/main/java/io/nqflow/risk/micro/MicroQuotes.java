package io.nqflow.risk.micro;

import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.Side;
import io.nqflow.market.Multipliers;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Trade;
import io.nqflow.risk.GateInput;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The MNQ options the gate may execute in ({@code risk.execute_in: MICRO}), keyed by instrument id:
 * keeps each MNQ option's definition (md.instruments) and rebuilds its displayed book from
 * md.events (market-by-order adds, cancels, modifies, clears; a Quote replaces the book; a trade is
 * the last price). Emits a {@link MicroQuote} for the account's gate when the definition arrives
 * and whenever the best bid, best ask or last trade changes. Events that arrive before their
 * instrument's definition are kept in the book; once a definition says the instrument is not an MNQ
 * option, its book is dropped and its events are ignored. An instrument's state is cleared when
 * nothing has read or written it for {@link #STATE_TTL} (processing time): an expired option's
 * books do not accumulate.
 */
public final class MicroQuotes extends KeyedProcessFunction<Long, MicroInput, GateInput> {
  /** How long the state of an instrument that sees no definition or event is kept. */
  public static final Duration STATE_TTL = Duration.ofDays(8);

  private final String account;
  private transient ValueState<MicroQuote> listing;
  private transient ValueState<Boolean> ignored;

  /** Resting orders: order id -> {side (0 bid, 1 ask), price (1e-9), size}. */
  private transient MapState<Long, long[]> orders;

  public MicroQuotes(String account) {
    this.account = account;
  }

  @Override
  public void open(OpenContext ctx) {
    listing =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("micro-listing", TypeInformation.of(MicroQuote.class)));
    ignored =
        getRuntimeContext().getState(new ValueStateDescriptor<>("micro-ignored", Types.BOOLEAN));
    orders =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "micro-orders",
                    Types.LONG,
                    PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  /** Whether a definition is an MNQ option: a call or put whose underlying is an MNQ future. */
  public static boolean isMicroOption(Instrument d) {
    InstrumentClass c = d.getInstrumentClass();
    return (c == InstrumentClass.CALL || c == InstrumentClass.PUT)
        && Multipliers.ofSymbol(d.getUnderlying()) == Multipliers.MNQ_USD
        && d.getStrikePrice() != null
        && d.getExpiration() != null;
  }

  @Override
  public void processElement(MicroInput in, Context ctx, Collector<GateInput> out)
      throws Exception {
    if (Boolean.TRUE.equals(ignored.value())) {
      return;
    }
    MicroQuote q = listing.value();
    if (in.definition != null) {
      Instrument d = in.definition;
      if (!isMicroOption(d)) {
        ignored.update(true);
        orders.clear();
        listing.clear();
        return;
      }
      if (q == null) {
        q = new MicroQuote();
        q.instrumentId = d.getInstrumentId();
      }
      q.rawSymbol = d.getRawSymbol();
      q.underlying = d.getUnderlying();
      q.call = d.getInstrumentClass() == InstrumentClass.CALL;
      q.strike = d.getStrikePrice();
      q.expiration = d.getExpiration();
      q.tsEvent = Math.max(q.tsEvent, d.getTsEvent());
      touch(q);
      listing.update(q);
      out.collect(GateInput.micro(account, q.copy()));
      return;
    }
    MarketEvent e = in.event;
    boolean changed = apply(e.getPayload());
    long last = e.getPayload() instanceof Trade t ? t.getPrice() : 0;
    if (q == null || (!changed && last == 0)) {
      return; // no definition yet (the book is kept), or nothing moved
    }
    long bid = q.bid;
    long ask = q.ask;
    long previousLast = q.last;
    touch(q);
    if (last > 0) {
      q.last = last;
    }
    if (q.bid != bid || q.ask != ask || q.last != previousLast) {
      q.tsEvent = e.getTsEvent();
      listing.update(q);
      out.collect(GateInput.micro(account, q.copy()));
    }
  }

  /** Applies a book change; returns whether the book may have changed. */
  private boolean apply(Object payload) throws Exception {
    if (payload instanceof Mbo m) {
      long id = m.getOrderId();
      switch (m.getAction()) {
        case ADD -> {
          if (m.getSide() == Side.NONE || m.getSize() <= 0) {
            return false;
          }
          orders.put(id, new long[] {m.getSide() == Side.BID ? 0 : 1, m.getPrice(), m.getSize()});
          return true;
        }
        case CANCEL -> {
          long[] o = orders.get(id);
          if (o == null) {
            return false;
          }
          o[2] -= m.getSize();
          if (o[2] <= 0) {
            orders.remove(id);
          } else {
            orders.put(id, o);
          }
          return true;
        }
        case MODIFY -> {
          long[] o = orders.get(id);
          long side =
              o != null ? o[0] : m.getSide() == Side.BID ? 0 : m.getSide() == Side.ASK ? 1 : -1;
          if (side < 0) {
            return false;
          }
          if (m.getSize() <= 0) {
            orders.remove(id);
          } else {
            orders.put(id, new long[] {side, m.getPrice(), m.getSize()});
          }
          return true;
        }
        case CLEAR -> {
          orders.clear();
          return true;
        }
        default -> {
          return false; // trade, fill, none: the venue follows a fill with a cancel or modify
        }
      }
    }
    if (payload instanceof Quote quote) {
      orders.clear();
      long n = -1;
      for (BookLevel level : quote.getLevels()) {
        if (level.getBidPx() != null && level.getBidSz() > 0) {
          orders.put(n--, new long[] {0, level.getBidPx(), level.getBidSz()});
        }
        if (level.getAskPx() != null && level.getAskSz() > 0) {
          orders.put(n--, new long[] {1, level.getAskPx(), level.getAskSz()});
        }
      }
      return true;
    }
    return false;
  }

  /** Sets the quote's best bid and ask from the resting orders (0 for an empty side). */
  private void touch(MicroQuote q) throws Exception {
    long bid = 0;
    long ask = 0;
    for (Map.Entry<Long, long[]> e : orders.entries()) {
      long[] o = e.getValue();
      if (o[0] == 0) {
        bid = Math.max(bid, o[1]);
      } else if (ask == 0 || o[1] < ask) {
        ask = o[1];
      }
    }
    q.bid = bid;
    q.ask = ask;
  }
}
