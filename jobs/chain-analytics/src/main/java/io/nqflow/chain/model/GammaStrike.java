package io.nqflow.chain.model;

/**
 * Dealers' gamma exposure at one strike of one expiry, with the sign convention applied.
 *
 * @param strike strike, index points
 * @param callGexPerPoint the calls' exposure: change of dealers' delta notional per 1-point move,
 *     USD per point
 * @param putGexPerPoint the puts' exposure, USD per point
 * @param callGexPerPct the calls' exposure per 1% move of the underlying, USD
 * @param putGexPerPct the puts' exposure per 1% move, USD
 */
public record GammaStrike(
    double strike,
    double callGexPerPoint,
    double putGexPerPoint,
    double callGexPerPct,
    double putGexPerPct) {

  /** Calls and puts together, USD per point. */
  public double gexPerPoint() {
    return callGexPerPoint + putGexPerPoint;
  }

  /** Calls and puts together, USD per 1% move. */
  public double gexPerPct() {
    return callGexPerPct + putGexPerPct;
  }
}
