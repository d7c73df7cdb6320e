package io.nqflow.simulator;

/**
 * One simulated instrument: a future (class F) or an option on it (C or P).
 *
 * @param id Databento-style numeric instrument id (stable across sessions for the same contract)
 * @param rawSymbol CME symbol, e.g. {@code NQH6} or {@code NQH6 C21000}
 * @param instrumentClass 'F', 'C' or 'P'
 * @param asset CME product code, e.g. {@code NQ}, {@code QNE}, {@code QN2}, {@code MNQ}
 * @param strike strike in index points (0 for futures)
 * @param expirationNs last trade time, ns since the epoch
 * @param underlying the future this option is on (null for futures)
 * @param multiplier US dollars per index point (20 for NQ, 2 for MNQ)
 * @param expiryKind QUARTERLY, EOM, WEEKLY or FUTURE
 */
public record Instrument(
    int id,
    String rawSymbol,
    char instrumentClass,
    String asset,
    double strike,
    long expirationNs,
    Instrument underlying,
    int multiplier,
    String expiryKind) {

  public boolean isOption() {
    return instrumentClass == 'C' || instrumentClass == 'P';
  }

  public boolean isCall() {
    return instrumentClass == 'C';
  }
}
