// PLACEHOLDER: replaced on merge
package io.nqflow.chain.state;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.Right;

/**
 * PLACEHOLDER for helper C's contract state (replaced on merge): one option's or the future's
 * session state as a Flink POJO. Prices in index points, NaN when none.
 */
public class ContractState {
  public long instrumentId;
  public String symbol;
  public String underlying;
  public double strike;
  public boolean call;
  public boolean future;
  public long expirationNs;
  public double multiplier;
  public double bid = Double.NaN;
  public double ask = Double.NaN;
  public double last = Double.NaN;
  public long volume;
  public long openInterest;
  public long buyVolume;
  public long sellVolume;
  public double buyPremiumUsd;
  public double sellPremiumUsd;
  public long tradingDay;
  public long lastTsNs;

  public ContractState() {}

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
    s.expirationNs = expirationNs;
    s.multiplier = multiplier;
    return s;
  }

  public static ContractState future(long id, String symbol, double multiplier) {
    ContractState s = new ContractState();
    s.instrumentId = id;
    s.symbol = symbol;
    s.underlying = symbol;
    s.future = true;
    s.multiplier = multiplier;
    return s;
  }

  public void onTrade(long tsNs, double price, long size, char aggressor) {
    last = price;
    volume += size;
    if (aggressor == 'B') {
      buyVolume += size;
      buyPremiumUsd += price * size * multiplier;
    } else if (aggressor == 'A') {
      sellVolume += size;
      sellPremiumUsd += price * size * multiplier;
    }
    lastTsNs = Math.max(lastTsNs, tsNs);
  }

  public void onOpenInterest(long contracts) {
    openInterest = contracts;
  }

  public void onTopOfBook(double bid, double ask) {
    this.bid = bid;
    this.ask = ask;
  }

  public ChainContract toContract() {
    return new ChainContract(
        instrumentId,
        symbol,
        strike,
        call ? Right.CALL : Right.PUT,
        expirationNs,
        Double.isNaN(bid) ? null : bid,
        Double.isNaN(ask) ? null : ask,
        Double.isNaN(last) ? null : last,
        volume,
        openInterest,
        buyVolume,
        sellVolume,
        buyPremiumUsd,
        sellPremiumUsd);
  }
}
