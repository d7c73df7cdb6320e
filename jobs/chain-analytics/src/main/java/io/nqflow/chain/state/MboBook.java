package io.nqflow.chain.state;

import io.nqflow.market.Prices;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order book of one instrument rebuilt from market-by-order records, for its best bid and ask.
 * Keeps each resting order (id, side, price, size) and the total size per price level. Prices are
 * 1e-9 fixed point ({@link Prices}).
 *
 * <p>Actions as Databento's MBO defines them: {@code A} adds an order; {@code C} takes {@code size}
 * off an order (a partial cancel leaves the rest, the order leaves the book at zero); {@code M}
 * moves an order to a new price and size (an unknown order is added); {@code R} clears the book;
 * {@code T} (trade, aggressor side) and {@code F} (fill of a resting order) do not change the book:
 * the venue follows a fill with the cancel or modify that reduces the resting order; {@code N} does
 * nothing. A cancel or modify of an order the book does not know (one added before the data began)
 * is ignored and counted. Not thread-safe.
 */
public final class MboBook {
  /** Price returned by {@link #bestBid()} and {@link #bestAsk()} for an empty side. */
  public static final long NONE = Long.MAX_VALUE;

  private static final class Order {
    final char side;
    long price;
    long size;

    Order(char side, long price, long size) {
      this.side = side;
      this.price = price;
      this.size = size;
    }
  }

  private final Map<Long, Order> orders = new HashMap<>();
  private final TreeMap<Long, Long> bids = new TreeMap<>();
  private final TreeMap<Long, Long> asks = new TreeMap<>();
  private long unknownOrders;

  /**
   * Applies one MBO record.
   *
   * @param action A, C, M, R, T, F or N
   * @param side B (bid) or A (ask); N for none
   * @param orderId the order's id
   * @param price 1e-9 fixed point
   * @param size contracts
   * @return whether the book changed
   */
  public boolean apply(char action, char side, long orderId, long price, long size) {
    switch (action) {
      case 'A':
        add(orderId, side, price, size);
        return true;
      case 'C':
        return cancel(orderId, size);
      case 'M':
        return modify(orderId, side, price, size);
      case 'R':
        clear();
        return true;
      default:
        return false; // T, F, N: no change to the book
    }
  }

  /** Rests a new order; a side other than B or A, or a non-positive size, is ignored. */
  public void add(long orderId, char side, long price, long size) {
    if ((side != 'B' && side != 'A') || size <= 0) {
      return;
    }
    Order old = orders.remove(orderId);
    if (old != null) {
      unlevel(old);
    }
    Order o = new Order(side, price, size);
    orders.put(orderId, o);
    levels(side).merge(price, size, Long::sum);
  }

  /** Takes {@code size} off an order; false when the order is unknown. */
  public boolean cancel(long orderId, long size) {
    Order o = orders.get(orderId);
    if (o == null) {
      unknownOrders++;
      return false;
    }
    long removed = Math.min(size, o.size);
    reduceLevel(o.side, o.price, removed);
    o.size -= removed;
    if (o.size <= 0) {
      orders.remove(orderId);
    }
    return true;
  }

  /**
   * Moves an order to {@code price} and {@code size}; an unknown order is added on {@code side}.
   */
  public boolean modify(long orderId, char side, long price, long size) {
    Order o = orders.get(orderId);
    if (o == null) {
      unknownOrders++;
      add(orderId, side, price, size);
      return true;
    }
    reduceLevel(o.side, o.price, o.size);
    if (size <= 0) {
      orders.remove(orderId);
      return true;
    }
    o.price = price;
    o.size = size;
    levels(o.side).merge(price, size, Long::sum);
    return true;
  }

  /** Empties the book. */
  public void clear() {
    orders.clear();
    bids.clear();
    asks.clear();
  }

  /** Best bid, 1e-9 fixed point, or {@link #NONE}. */
  public long bestBid() {
    return bids.isEmpty() ? NONE : bids.lastKey();
  }

  /** Best ask, 1e-9 fixed point, or {@link #NONE}. */
  public long bestAsk() {
    return asks.isEmpty() ? NONE : asks.firstKey();
  }

  /** Best bid in points, NaN for an empty side. */
  public double bidPoints() {
    return bids.isEmpty() ? Double.NaN : Prices.toDouble(bids.lastKey());
  }

  /** Best ask in points, NaN for an empty side. */
  public double askPoints() {
    return asks.isEmpty() ? Double.NaN : Prices.toDouble(asks.firstKey());
  }

  /** Total resting size at a price on a side (B or A), contracts. */
  public long sizeAt(char side, long price) {
    return levels(side).getOrDefault(price, 0L);
  }

  /** Resting orders. */
  public int orderCount() {
    return orders.size();
  }

  /** Cancels and modifies of orders the book did not know. */
  public long unknownOrders() {
    return unknownOrders;
  }

  private void unlevel(Order o) {
    reduceLevel(o.side, o.price, o.size);
  }

  private void reduceLevel(char side, long price, long size) {
    TreeMap<Long, Long> levels = levels(side);
    Long total = levels.get(price);
    if (total == null) {
      return;
    }
    long left = total - size;
    if (left <= 0) {
      levels.remove(price);
    } else {
      levels.put(price, left);
    }
  }

  private TreeMap<Long, Long> levels(char side) {
    return side == 'B' ? bids : asks;
  }
}
