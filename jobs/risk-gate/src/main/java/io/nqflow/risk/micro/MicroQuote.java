package io.nqflow.risk.micro;

/**
 * One MNQ option as the gate knows it for {@code risk.execute_in: MICRO}: its reference data (from
 * md.instruments) and its latest top of book and trade (from md.events). A POJO so Flink serializes
 * it without Kryo; prices are 1e-9 fixed point index points, 0 where none is known.
 */
public class MicroQuote {
  /** The option's instrument id. */
  public long instrumentId;

  /** Its CME symbol, e.g. {@code MQ2F6 C21500}. */
  public String rawSymbol;

  /** Its underlying future, e.g. {@code MNQH6}. */
  public String underlying;

  /** True for a call, false for a put. */
  public boolean call;

  /** Strike, 1e-9 index points. */
  public long strike;

  /** Expiration, ns since the UNIX epoch. */
  public long expiration;

  /** Best bid, 1e-9 points; 0 when the bid side is empty. */
  public long bid;

  /** Best ask, 1e-9 points; 0 when the ask side is empty. */
  public long ask;

  /** Last trade price, 1e-9 points; 0 before the first trade. */
  public long last;

  /** Event time of the latest update, ns since the UNIX epoch. */
  public long tsEvent;

  public MicroQuote() {}

  /** A copy (state is never shared between the operator and its output). */
  public MicroQuote copy() {
    MicroQuote q = new MicroQuote();
    q.instrumentId = instrumentId;
    q.rawSymbol = rawSymbol;
    q.underlying = underlying;
    q.call = call;
    q.strike = strike;
    q.expiration = expiration;
    q.bid = bid;
    q.ask = ask;
    q.last = last;
    q.tsEvent = tsEvent;
    return q;
  }

  /**
   * The price an order on this option is checked and limited at: the ask for a buy, the bid for a
   * sell, the last trade when that side is empty; 0 when none is known.
   */
  public long price(boolean buy) {
    long touch = buy ? ask : bid;
    return touch > 0 ? touch : last;
  }
}
