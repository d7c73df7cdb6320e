package io.nqflow.chain.state;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.market.Multipliers;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.Instrument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The option chains of every underlying future seen in a market-data stream, rebuilt from its
 * records (what {@code nqflow analyze} keeps while it reads DBN files): per instrument a {@link
 * ContractState}, per instrument with market-by-order data an {@link MboBook} for the best bid and
 * ask. Records of instruments without a call, put or future definition are ignored.
 *
 * <p>Inputs mirror Databento's record fields: prices 1e-9 fixed point, times ns since the UNIX
 * epoch, sides and actions as Databento's characters. Not thread-safe; plain Java.
 */
public final class ChainState {
  /** Databento's statistic type of open interest (quantity field). */
  public static final int STAT_OPEN_INTEREST = 9;

  /** Databento's undefined price (an empty side in a quote record). */
  public static final long UNDEF_PRICE = Long.MAX_VALUE;

  private final Map<Long, ContractState> byId = new HashMap<>();
  private final Map<String, HashMap<Long, ContractState>> optionsByUnderlying = new HashMap<>();
  private final Map<String, ContractState> futures = new HashMap<>();
  private final Map<Long, MboBook> books = new HashMap<>();

  /**
   * The contract state of a definition's instrument, or null for a class other than call, put or
   * future.
   *
   * @param id venue instrument id
   * @param instrumentClass Databento's instrument_class: C, P or F (others give null)
   * @param symbol raw symbol
   * @param underlying the underlying's raw symbol (options)
   * @param strikePrice strike, 1e-9 fixed point ({@link #UNDEF_PRICE} when undefined)
   * @param expirationNs expiration, ns since the epoch (negative when undefined: kept as 0)
   * @param unitOfMeasureQty contract multiplier, 1e-9 fixed point; undefined or 0 falls back to the
   *     symbol's root ({@link Multipliers#ofSymbol})
   */
  public static ContractState stateOf(
      long id,
      char instrumentClass,
      String symbol,
      String underlying,
      long strikePrice,
      long expirationNs,
      long unitOfMeasureQty) {
    double multiplier =
        unitOfMeasureQty > 0 && unitOfMeasureQty != UNDEF_PRICE
            ? Prices.toDouble(unitOfMeasureQty)
            : Multipliers.ofSymbol(symbol);
    return switch (instrumentClass) {
      case 'C', 'P' ->
          ContractState.option(
              id,
              symbol,
              underlying,
              strikePrice == UNDEF_PRICE ? Double.NaN : Prices.toDouble(strikePrice),
              instrumentClass == 'C',
              Math.max(0, expirationNs),
              multiplier);
      case 'F' -> ContractState.future(id, symbol, multiplier);
      default -> null;
    };
  }

  /** {@link #stateOf} for a normalized definition (the feed's {@code md.instruments} message). */
  public static ContractState stateOf(Instrument i) {
    char cls =
        i.getInstrumentClass() == InstrumentClass.CALL
            ? 'C'
            : i.getInstrumentClass() == InstrumentClass.PUT
                ? 'P'
                : i.getInstrumentClass() == InstrumentClass.FUTURE ? 'F' : '?';
    return stateOf(
        i.getInstrumentId(),
        cls,
        i.getRawSymbol(),
        i.getUnderlying(),
        i.getStrikePrice() == null ? UNDEF_PRICE : i.getStrikePrice(),
        i.getExpiration() == null ? 0 : i.getExpiration(),
        i.getUnitOfMeasureQty());
  }

  /**
   * Registers a definition (see {@link #stateOf} for the arguments). A repeated definition of a
   * known id updates its terms and keeps its quotes, volume and open interest.
   *
   * @return the instrument's state, or null when the class is not C, P or F
   */
  public ContractState define(
      long id,
      char instrumentClass,
      String symbol,
      String underlying,
      long strikePrice,
      long expirationNs,
      long unitOfMeasureQty) {
    ContractState fresh =
        stateOf(
            id, instrumentClass, symbol, underlying, strikePrice, expirationNs, unitOfMeasureQty);
    if (fresh == null) {
      return null;
    }
    ContractState s = byId.get(id);
    if (s == null) {
      s = fresh;
      byId.put(id, s);
    } else {
      unlink(s);
      s.symbol = fresh.symbol;
      s.underlying = fresh.underlying;
      s.strike = fresh.strike;
      s.call = fresh.call;
      s.future = fresh.future;
      s.expirationNs = fresh.expirationNs;
      s.multiplier = fresh.multiplier;
    }
    if (s.future) {
      futures.put(s.symbol, s);
    } else {
      optionsByUnderlying.computeIfAbsent(s.underlying, u -> new HashMap<>()).put(id, s);
    }
    return s;
  }

  private void unlink(ContractState s) {
    if (s.future) {
      futures.remove(s.symbol, s);
    } else {
      HashMap<Long, ContractState> m = optionsByUnderlying.get(s.underlying);
      if (m != null) {
        m.remove(s.instrumentId);
      }
    }
  }

  /**
   * One market-by-order record: updates the instrument's book (then its best bid and ask) and
   * counts a trade ({@code T}, side = aggressor) in the session volume.
   *
   * @param price 1e-9 fixed point
   */
  public void onMbo(
      long id, long tsNs, char action, char side, long orderId, long price, long size) {
    ContractState s = byId.get(id);
    if (s == null) {
      return;
    }
    if (action == 'T') {
      s.onTrade(tsNs, Prices.toDouble(price), size, side);
      return;
    }
    MboBook book = books.get(id);
    if (book == null) {
      book = new MboBook();
      books.put(id, book);
    }
    if (book.apply(action, side, orderId, price, size)) {
      s.onTopOfBook(book.bidPoints(), book.askPoints());
    }
  }

  /**
   * One trade from a trades record (no book).
   *
   * @param price 1e-9 fixed point
   * @param aggressor B, A or N
   */
  public void onTrade(long id, long tsNs, long price, long size, char aggressor) {
    ContractState s = byId.get(id);
    if (s != null) {
      s.onTrade(tsNs, Prices.toDouble(price), size, aggressor);
    }
  }

  /**
   * A top-of-book quote (an MBP-1 or BBO record) of an instrument without market-by-order data;
   * prices 1e-9 fixed point, {@link #UNDEF_PRICE} for an empty side.
   */
  public void onTopOfBook(long id, long bidPrice, long askPrice) {
    ContractState s = byId.get(id);
    if (s != null && !books.containsKey(id)) {
      s.onTopOfBook(
          bidPrice == UNDEF_PRICE ? Double.NaN : Prices.toDouble(bidPrice),
          askPrice == UNDEF_PRICE ? Double.NaN : Prices.toDouble(askPrice));
    }
  }

  /**
   * A statistics record: open interest ({@link #STAT_OPEN_INTEREST}) sets the instrument's open
   * interest; other types are ignored.
   */
  public void onStatistic(long id, int statType, long quantity) {
    ContractState s = byId.get(id);
    if (s != null && statType == STAT_OPEN_INTEREST && quantity != UNDEF_PRICE) {
      s.onOpenInterest(quantity);
    }
  }

  /**
   * Empties every order book (a new session's files begin with empty books); quotes become unknown
   * until the books fill again. Volume, last prices and open interest stay.
   */
  public void clearBooks() {
    for (Map.Entry<Long, MboBook> e : books.entrySet()) {
      e.getValue().clear();
      ContractState s = byId.get(e.getKey());
      s.onTopOfBook(Double.NaN, Double.NaN);
    }
  }

  /**
   * Forgets every instrument not in {@code ids}: a session's definitions list every instrument
   * listed that day, so one they leave out is no longer listed (its state would be stale).
   *
   * @return how many were dropped
   */
  public int retain(Set<Long> ids) {
    List<ContractState> gone = new ArrayList<>();
    for (ContractState s : byId.values()) {
      if (!ids.contains(s.instrumentId)) {
        gone.add(s);
      }
    }
    for (ContractState s : gone) {
      unlink(s);
      byId.remove(s.instrumentId);
      books.remove(s.instrumentId);
    }
    return gone.size();
  }

  /** An instrument's state, or null. */
  public ContractState contract(long id) {
    return byId.get(id);
  }

  /** An instrument's order book, or null when it had no market-by-order record. */
  public MboBook book(long id) {
    return books.get(id);
  }

  /** A future's state by symbol, or null. */
  public ContractState future(String symbol) {
    return futures.get(symbol);
  }

  /** The options written on a future, by instrument id (read-only; empty when none). */
  public Map<Long, ContractState> options(String underlying) {
    HashMap<Long, ContractState> m = optionsByUnderlying.get(underlying);
    return m == null ? Map.of() : Collections.unmodifiableMap(m);
  }

  /** The underlying future's symbols that have options, sorted. */
  public SortedSet<String> underlyings() {
    TreeSet<String> out = new TreeSet<>();
    optionsByUnderlying.forEach(
        (u, m) -> {
          if (!m.isEmpty()) {
            out.add(u);
          }
        });
    return out;
  }

  /**
   * The future's price, points: its mid when both sides are quoted, else its last trade; null when
   * neither is known or the future was never defined.
   */
  public Double underlyingPrice(String underlying) {
    ContractState f = futures.get(underlying);
    if (f == null) {
      return null;
    }
    double m = f.mark();
    return Double.isNaN(m) ? null : m;
  }

  /**
   * The chain of one underlying as of an instant: every option not expired at {@code asOfNs}, with
   * its session counters zeroed when its last trade belongs to an earlier trading day; the
   * underlying price from the future (null when unknown); the multiplier of the options.
   *
   * @throws IllegalArgumentException when the underlying has no options
   */
  public ChainSnapshot snapshot(String underlying, long asOfNs) {
    HashMap<Long, ContractState> m = optionsByUnderlying.get(underlying);
    if (m == null || m.isEmpty()) {
      throw new IllegalArgumentException("no options of underlying " + underlying);
    }
    List<ChainContract> contracts = new ArrayList<>();
    double multiplier = Double.NaN;
    for (ContractState s : m.values()) {
      if (Double.isNaN(multiplier)) {
        multiplier = s.multiplier;
      }
      if (s.expirationNs > 0 && s.expirationNs <= asOfNs) {
        continue;
      }
      contracts.add(s.toContract(asOfNs));
    }
    contracts.sort(
        (a, b) -> {
          int c = Long.compare(a.expirationNs(), b.expirationNs());
          c = c != 0 ? c : Double.compare(a.strike(), b.strike());
          return c != 0 ? c : a.right().compareTo(b.right());
        });
    return new ChainSnapshot(
        underlying, underlyingPrice(underlying), multiplier, asOfNs, contracts);
  }
}
