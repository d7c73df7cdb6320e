package io.nqflow.simulator;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A price-time priority limit order book for one instrument, driven by MBO actions. The simulator
 * keeps one per instrument to match aggressive orders; tests replay the written MBO into it.
 */
public final class OrderBook {
  /** A resting order. {@code owner} is the simulator's participant tag (0 = market maker). */
  public static final class Order {
    public final long id;
    public final char side;
    public long price;
    public int size;
    public final int owner;

    Order(long id, char side, long price, int size, int owner) {
      this.id = id;
      this.side = side;
      this.price = price;
      this.size = size;
      this.owner = owner;
    }
  }

  private final NavigableMap<Long, ArrayDeque<Order>> bids =
      new TreeMap<>(Collections.reverseOrder());
  private final NavigableMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();
  private final Map<Long, Order> orders = new HashMap<>();
  private int foreignCount;

  public Order add(long id, char side, long price, int size, int owner) {
    if (size <= 0) {
      throw new IllegalArgumentException("order " + id + " added with size " + size);
    }
    if (orders.containsKey(id)) {
      throw new IllegalStateException("order " + id + " added twice");
    }
    Order o = new Order(id, side, price, size, owner);
    orders.put(id, o);
    if (owner != 0) {
      foreignCount++;
    }
    side(side).computeIfAbsent(price, p -> new ArrayDeque<>()).addLast(o);
    return o;
  }

  /** Removes {@code size} from order {@code id}; the order leaves the book at zero. */
  public Order cancel(long id, int size) {
    Order o = require(id);
    if (size <= 0 || size > o.size) {
      throw new IllegalStateException("cancel of " + size + " from order " + id + " of " + o.size);
    }
    o.size -= size;
    if (o.size == 0) {
      unlink(o);
      orders.remove(id);
      if (o.owner != 0) {
        foreignCount--;
      }
    }
    return o;
  }

  /** Changes price and/or size; a price change or size increase loses queue priority. */
  public Order modify(long id, long price, int size) {
    Order o = require(id);
    if (size <= 0) {
      throw new IllegalStateException("modify of order " + id + " to size " + size);
    }
    if (price != o.price || size > o.size) {
      unlink(o);
      o.price = price;
      o.size = size;
      side(o.side).computeIfAbsent(price, p -> new ArrayDeque<>()).addLast(o);
    } else {
      o.size = size;
    }
    return o;
  }

  public Order get(long id) {
    return orders.get(id);
  }

  private Order require(long id) {
    Order o = orders.get(id);
    if (o == null) {
      throw new IllegalStateException("unknown order " + id);
    }
    return o;
  }

  private void unlink(Order o) {
    NavigableMap<Long, ArrayDeque<Order>> s = side(o.side);
    ArrayDeque<Order> level = s.get(o.price);
    level.remove(o);
    if (level.isEmpty()) {
      s.remove(o.price);
    }
  }

  NavigableMap<Long, ArrayDeque<Order>> side(char side) {
    return switch (side) {
      case 'B' -> bids;
      case 'A' -> asks;
      default ->
          throw new IllegalArgumentException("order side must be B or A, was '" + side + "'");
    };
  }

  /**
   * One side's price levels, best first, each with its orders in queue order: a read-only view for
   * participants that size their orders on the book (change it only through add, modify, cancel).
   */
  public NavigableMap<Long, ArrayDeque<Order>> levels(char side) {
    return Collections.unmodifiableNavigableMap(side(side));
  }

  /** Best bid price, or -1 if the bid side is empty. */
  public long bestBid() {
    return bids.isEmpty() ? -1 : bids.firstKey();
  }

  /** Best ask price, or -1 if the ask side is empty. */
  public long bestAsk() {
    return asks.isEmpty() ? -1 : asks.firstKey();
  }

  public boolean crossed() {
    return !bids.isEmpty() && !asks.isEmpty() && bids.firstKey() >= asks.firstKey();
  }

  /** Total size at a price on a side. */
  public int sizeAt(char side, long price) {
    ArrayDeque<Order> l = side(side).get(price);
    int s = 0;
    if (l != null) {
      for (Order o : l) {
        s += o.size;
      }
    }
    return s;
  }

  /** Best price among orders of {@code owner} != 0 (non market makers) on a side, or -1. */
  public long bestForeign(char side) {
    if (foreignCount == 0) {
      return -1;
    }
    for (Map.Entry<Long, ArrayDeque<Order>> e : side(side).entrySet()) {
      for (Order o : e.getValue()) {
        if (o.owner != 0) {
          return e.getKey();
        }
      }
    }
    return -1;
  }

  public int orderCount() {
    return orders.size();
  }
}
