package io.nqflow.chain.model;

/**
 * One option of a chain as of a moment: its quotes, session volume and prior-day open interest.
 * Prices are option premiums in index points; a missing quote or last price is null. The signed
 * fields are what the chain state adds from the tape (a snapshot from elsewhere leaves them 0).
 *
 * @param instrumentId venue instrument id; 0 when the snapshot does not know it
 * @param symbol venue symbol; empty when unknown
 * @param strike strike in index points
 * @param right call or put
 * @param expirationNs last trade time, ns since the UNIX epoch (UTC)
 * @param bid best bid in points, null when none
 * @param ask best ask in points, null when none
 * @param last last trade price in points, null when none
 * @param volume session volume in contracts
 * @param openInterest prior-day open interest in contracts
 * @param buyVolume contracts bought by aggressors this session
 * @param sellVolume contracts sold by aggressors this session
 * @param buyPremiumUsd premium paid by buying aggressors this session, USD
 * @param sellPremiumUsd premium received by selling aggressors this session, USD
 */
public record ChainContract(
    long instrumentId,
    String symbol,
    double strike,
    Right right,
    long expirationNs,
    Double bid,
    Double ask,
    Double last,
    long volume,
    long openInterest,
    long buyVolume,
    long sellVolume,
    double buyPremiumUsd,
    double sellPremiumUsd) {

  /** A contract as a snapshot from another source gives it (no ids, no signed flow). */
  public static ChainContract quoted(
      double strike,
      Right right,
      long expirationNs,
      Double bid,
      Double ask,
      Double last,
      long volume,
      long openInterest) {
    return new ChainContract(
        0L, "", strike, right, expirationNs, bid, ask, last, volume, openInterest, 0, 0, 0, 0);
  }

  /** The mark: the bid/ask midpoint when both are quoted, else the last price, else 0. */
  public double mark() {
    if (bid != null && ask != null) {
      return 0.5 * (bid + ask);
    }
    return last != null ? last : 0.0;
  }
}
