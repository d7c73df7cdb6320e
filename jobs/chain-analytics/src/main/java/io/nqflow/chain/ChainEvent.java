package io.nqflow.chain;

/**
 * What the chain router passes to the chain state, keyed by underlying: an instrument's definition
 * or one market event of it, already in index points. A Flink POJO (no Kryo); one class for all
 * kinds keeps the edge between the two operators a single typed stream.
 *
 * <p>Prices are index points (the feed's 1e-9 fixed point divided out); times are ns since the UNIX
 * epoch (UTC).
 */
public class ChainEvent {
  /** What the record says. */
  public enum Kind {
    /** The instrument's static data: symbol, strike, right, expiry, multiplier. */
    DEFINITION,
    /** A trade: {@link #price}, {@link #size}, {@link #aggressor}. */
    TRADE,
    /** Prior-day open interest in contracts: {@link #size}. */
    OPEN_INTEREST,
    /** Best bid and ask: {@link #bid}, {@link #ask} (NaN for an empty side). */
    TOP_OF_BOOK
  }

  /** The chain's key: the underlying future's symbol (the future's own symbol for a future). */
  public String underlying;

  public long instrumentId;
  public Kind kind;

  /** Event time of a market event, ns; the definition's ts_event for a definition. */
  public long tsEvent;

  /** Trade price, index points. */
  public double price;

  /** Trade size or open interest, contracts. */
  public long size;

  /** 'B' a buyer aggressed, 'A' a seller, 'N' unknown. */
  public char aggressor;

  /** Best bid and ask, index points; NaN when that side is empty. */
  public double bid;

  public double ask;

  // The definition's fields (kind DEFINITION only).
  public String symbol;

  /** Strike, index points (0 for a future). */
  public double strike;

  public boolean call;
  public boolean future;

  /** Last trade time of the instrument, ns; 0 when undefined. */
  public long expirationNs;

  /** USD per index point. */
  public double multiplier;

  public ChainEvent() {}

  @Override
  public String toString() {
    return kind + " " + symbol + " (" + instrumentId + ") of " + underlying + " at " + tsEvent;
  }
}
