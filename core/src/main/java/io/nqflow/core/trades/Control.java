package io.nqflow.core.trades;

/**
 * A change of trading state on a day: an operator's control command or the risk gate's automatic
 * HALT.
 *
 * @param ts ns since the epoch
 * @param operator who: the operator's name, or {@code risk-gate:<variant>}
 */
public record Control(long ts, String command, String scope, String operator, String reason) {}
