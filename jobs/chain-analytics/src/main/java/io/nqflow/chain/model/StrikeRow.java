package io.nqflow.chain.model;

/**
 * The call and the put of one strike of one expiry; either may be missing (null), and then its open
 * interest, volume and mark count as 0.
 *
 * @param strike strike in index points
 * @param call the call at this strike, null when not listed
 * @param put the put at this strike, null when not listed
 */
public record StrikeRow(double strike, ChainContract call, ChainContract put) {

  /** Oc: call open interest, contracts. */
  public long callOi() {
    return call == null ? 0 : call.openInterest();
  }

  /** Op: put open interest, contracts. */
  public long putOi() {
    return put == null ? 0 : put.openInterest();
  }

  /** Vc: call session volume, contracts. */
  public long callVolume() {
    return call == null ? 0 : call.volume();
  }

  /** Vp: put session volume, contracts. */
  public long putVolume() {
    return put == null ? 0 : put.volume();
  }

  /** Pc: call mark, points. */
  public double callMark() {
    return call == null ? 0.0 : call.mark();
  }

  /** Pp: put mark, points. */
  public double putMark() {
    return put == null ? 0.0 : put.mark();
  }

  /** The contract of one side, or null. */
  public ChainContract side(Right right) {
    return right == Right.CALL ? call : put;
  }
}
