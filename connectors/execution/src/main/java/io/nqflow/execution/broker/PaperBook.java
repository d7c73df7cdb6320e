package io.nqflow.execution.broker;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.BookLevel;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Trade;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The displayed book of one instrument, rebuilt from md.events: market-by-order adds, cancels,
 * modifies and fills keep per-order state; a Quote replaces the levels it carries; trades are
 * marks. Prices are 1e-9 fixed point, sizes contracts.
 */
final class PaperBook {
  /** A trade print: the mark. */
  record Print(long price, long size) {}

  private final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<Long, Long> asks = new TreeMap<>();
  private final Map<Long, RestingOrder> orders = new HashMap<>();
  private Long mark;

  private static final class RestingOrder {
    final boolean bid;
    long price;
    long size;

    RestingOrder(boolean bid, long price, long size) {
      this.bid = bid;
      this.price = price;
      this.size = size;
    }
  }

  /** Applies one event; returns the trade print it carries, or null. */
  Print apply(MarketEvent event) {
    Object payload = event.getPayload();
    if (payload instanceof Mbo mbo) {
      return applyMbo(mbo);
    }
    if (payload instanceof Quote quote) {
      bids.clear();
      asks.clear();
      orders.clear();
      for (BookLevel level : quote.getLevels()) {
        if (level.getBidPx() != null && level.getBidSz() > 0) {
          bids.merge(level.getBidPx(), level.getBidSz(), Long::sum);
        }
        if (level.getAskPx() != null && level.getAskSz() > 0) {
          asks.merge(level.getAskPx(), level.getAskSz(), Long::sum);
        }
      }
      return null;
    }
    if (payload instanceof Trade trade) {
      mark = trade.getPrice();
      return new Print(trade.getPrice(), trade.getSize());
    }
    return null;
  }

  private Print applyMbo(Mbo mbo) {
    switch (mbo.getAction()) {
      case ADD -> {
        if (mbo.getSide() == Side.NONE || mbo.getSize() <= 0) {
          return null;
        }
        RestingOrder o = new RestingOrder(mbo.getSide() == Side.BID, mbo.getPrice(), mbo.getSize());
        RestingOrder old = orders.put(mbo.getOrderId(), o);
        if (old != null) {
          level(old.bid).merge(old.price, -old.size, PaperBook::sumOrRemove);
        }
        level(o.bid).merge(o.price, o.size, PaperBook::sumOrRemove);
      }
      case CANCEL, FILL -> reduce(mbo.getOrderId(), mbo.getSize());
      case MODIFY -> {
        RestingOrder old = orders.remove(mbo.getOrderId());
        if (old != null) {
          level(old.bid).merge(old.price, -old.size, PaperBook::sumOrRemove);
        }
        boolean bid = old != null ? old.bid : mbo.getSide() == Side.BID;
        if (mbo.getSize() > 0 && (old != null || mbo.getSide() != Side.NONE)) {
          RestingOrder o = new RestingOrder(bid, mbo.getPrice(), mbo.getSize());
          orders.put(mbo.getOrderId(), o);
          level(bid).merge(o.price, o.size, PaperBook::sumOrRemove);
        }
      }
      case CLEAR -> {
        bids.clear();
        asks.clear();
        orders.clear();
      }
      case TRADE -> {
        mark = mbo.getPrice();
        return new Print(mbo.getPrice(), mbo.getSize());
      }
      case NONE -> {
        return null;
      }
    }
    return null;
  }

  private void reduce(long orderId, long size) {
    RestingOrder o = orders.get(orderId);
    if (o == null) {
      return;
    }
    long removed = Math.min(o.size, size);
    o.size -= removed;
    level(o.bid).merge(o.price, -removed, PaperBook::sumOrRemove);
    if (o.size <= 0) {
      orders.remove(orderId);
    }
  }

  private TreeMap<Long, Long> level(boolean bid) {
    return bid ? bids : asks;
  }

  private static Long sumOrRemove(Long a, Long b) {
    long v = a + b;
    return v > 0 ? v : null;
  }

  /** Best bid as {price, size}, or null. */
  Map.Entry<Long, Long> bestBid() {
    return bids.firstEntry();
  }

  /** Best ask as {price, size}, or null. */
  Map.Entry<Long, Long> bestAsk() {
    return asks.firstEntry();
  }

  /** Last trade price, or null before the first trade. */
  Long mark() {
    return mark;
  }
}
