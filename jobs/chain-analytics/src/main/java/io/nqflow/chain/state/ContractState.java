package io.nqflow.chain.state;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.Right;
import io.nqflow.market.CmeCalendar;
import java.io.Serializable;

/**
 * What the tape says about one instrument of a chain (an option, or the future it is written on):
 * its static terms, best bid and ask, last trade, the session's volume (total and by aggressor
 * side, with the premium behind it) and the prior day's open interest. A Flink POJO (public no-arg
 * constructor, public mutable fields) so it can be keyed state; plain Java, no Flink in it.
 *
 * <p>Prices are index points (option premiums for options); NaN means unknown. Times are ns since
 * the UNIX epoch. The session counters belong to one CME trading day ({@link #tradingDay}, the day
 * of the last trade): a trade of a later trading day resets them first, a trade of an earlier one
 * (late data) is ignored.
 */
public class ContractState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Venue instrument id. */
  public long instrumentId;

  /** Venue symbol, e.g. {@code NQH7 C21000}. */
  public String symbol;

  /** The underlying future's symbol (options); empty for a future. */
  public String underlying;

  /** Strike, index points (options; 0 for a future). */
  public double strike;

  /** True for a call, false for a put (meaningless for a future). */
  public boolean call;

  /** True for the future itself. */
  public boolean future;

  /** Expiration (last trade time), ns since the epoch; 0 when unknown. */
  public long expirationNs;

  /** Contract multiplier, USD per index point. */
  public double multiplier;

  /** Best bid, points; NaN when the bid side is empty or unknown. */
  public double bid = Double.NaN;

  /** Best ask, points; NaN when the ask side is empty or unknown. */
  public double ask = Double.NaN;

  /** Last trade price, points; NaN before the first trade. */
  public double last = Double.NaN;

  /** Contracts traded this trading day. */
  public long volume;

  /** Prior-day open interest, contracts (the last open-interest statistic). */
  public long openInterest;

  /** Contracts bought by buy aggressors this trading day. */
  public long buyVolume;

  /** Contracts sold by sell aggressors this trading day. */
  public long sellVolume;

  /** Premium paid by buy aggressors this trading day: price x size x multiplier, USD. */
  public double buyPremiumUsd;

  /** Premium received by sell aggressors this trading day, USD. */
  public double sellPremiumUsd;

  /** CME trading day of the last trade, as an epoch day (0 before any trade). */
  public long tradingDay;

  /** Time of the last trade, ns since the epoch (0 before any trade). */
  public long lastTsNs;

  /** For Flink and frameworks; use {@link #option} or {@link #future}. */
  public ContractState() {}

  /**
   * An option.
   *
   * @param id venue instrument id
   * @param symbol venue symbol
   * @param underlying the underlying future's symbol
   * @param strike strike, index points
   * @param call call (true) or put
   * @param expirationNs expiration, ns since the epoch
   * @param multiplier USD per index point
   */
  public static ContractState option(
      long id,
      String symbol,
      String underlying,
      double strike,
      boolean call,
      long expirationNs,
      double multiplier) {
    ContractState s = new ContractState();
    s.instrumentId = id;
    s.symbol = symbol;
    s.underlying = underlying;
    s.strike = strike;
    s.call = call;
    s.future = false;
    s.expirationNs = expirationNs;
    s.multiplier = multiplier;
    return s;
  }

  /** A future (the underlying of a chain); multiplier in USD per index point. */
  public static ContractState future(long id, String symbol, double multiplier) {
    ContractState s = new ContractState();
    s.instrumentId = id;
    s.symbol = symbol;
    s.underlying = "";
    s.future = true;
    s.multiplier = multiplier;
    return s;
  }

  /**
   * One trade.
   *
   * @param tsNs event time, ns since the epoch (decides the trading day)
   * @param price trade price, points
   * @param size contracts
   * @param aggressor {@code 'B'} buy aggressor, {@code 'A'} sell aggressor, anything else none
   */
  public void onTrade(long tsNs, double price, long size, char aggressor) {
    long day = CmeCalendar.tradingDay(tsNs).toEpochDay();
    if (day < tradingDay) {
      return;
    }
    if (day > tradingDay) {
      resetSession(day);
    }
    volume += size;
    if (aggressor == 'B') {
      buyVolume += size;
      buyPremiumUsd += price * size * multiplier;
    } else if (aggressor == 'A') {
      sellVolume += size;
      sellPremiumUsd += price * size * multiplier;
    }
    last = price;
    lastTsNs = tsNs;
  }

  /** The open-interest statistic, contracts. */
  public void onOpenInterest(long contracts) {
    openInterest = contracts;
  }

  /** The best bid and ask, points; NaN for an empty side. */
  public void onTopOfBook(double bid, double ask) {
    this.bid = bid;
    this.ask = ask;
  }

  /** Mid when both sides are quoted, else the last trade, else NaN. */
  public double mark() {
    if (!Double.isNaN(bid) && !Double.isNaN(ask)) {
      return 0.5 * (bid + ask);
    }
    return last;
  }

  /**
   * This option as a chain contract (NaN quotes and last become null), with the session counters as
   * they are.
   *
   * @throws IllegalStateException for a future
   */
  public ChainContract toContract() {
    return contract(false);
  }

  /**
   * This option as a chain contract as of an instant: the session counters are zero when the last
   * trade belongs to an earlier trading day than {@code asOfNs}.
   */
  public ChainContract toContract(long asOfNs) {
    return contract(tradingDay < CmeCalendar.tradingDay(asOfNs).toEpochDay());
  }

  private ChainContract contract(boolean staleSession) {
    if (future) {
      throw new IllegalStateException("future " + symbol + " is not an option of a chain");
    }
    return new ChainContract(
        instrumentId,
        symbol == null ? "" : symbol,
        strike,
        call ? Right.CALL : Right.PUT,
        expirationNs,
        orNull(bid),
        orNull(ask),
        orNull(last),
        staleSession ? 0 : volume,
        openInterest,
        staleSession ? 0 : buyVolume,
        staleSession ? 0 : sellVolume,
        staleSession ? 0 : buyPremiumUsd,
        staleSession ? 0 : sellPremiumUsd);
  }

  private void resetSession(long day) {
    tradingDay = day;
    volume = 0;
    buyVolume = 0;
    sellVolume = 0;
    buyPremiumUsd = 0;
    sellPremiumUsd = 0;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  @Override
  public String toString() {
    return "ContractState{"
        + symbol
        + " id="
        + instrumentId
        + " bid="
        + bid
        + " ask="
        + ask
        + " last="
        + last
        + " volume="
        + volume
        + " oi="
        + openInterest
        + "}";
  }
}
