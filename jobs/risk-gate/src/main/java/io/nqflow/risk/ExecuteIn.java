package io.nqflow.risk;

/** Where the gate executes flow seen on an NQ option ({@code risk.execute_in}, docs/risk.md). */
public enum ExecuteIn {
  /** The signal's own option: the intent names the instrument the flow traded. */
  SAME,
  /**
   * The matching MNQ option: same expiration date, same right, nearest listed strike, $2 a point;
   * sized and checked at its own price. Signals already on an MNQ option execute as they are.
   */
  MICRO
}
