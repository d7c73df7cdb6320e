package io.nqflow.execution.engine;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.security.ControlGuard;
import io.nqflow.ops.v1.ControlCommand;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The trading state set by operators on ops.control: one global state (scope {@code global} or the
 * account) and one per variant. The stricter of the two applies to an order: HALTED refuses every
 * entry, REDUCE_ONLY accepts only reduce-only exits, ACTIVE accepts both. It also remembers which
 * scopes are under the risk gate's automatic HALT ({@link ControlGuard#isAutomaticHalt}), which
 * only a signed command may lift when operator keys are configured.
 */
public final class TradingControl {
  /** Scope of a command that applies to every variant of the account. */
  public static final String GLOBAL_SCOPE = "global";

  private final String account;
  private final ExecutionCounters counters;
  private final Map<String, TradingState> variantStates = new HashMap<>();
  private final Set<String> automaticHalts = new HashSet<>();
  private volatile TradingState globalState = TradingState.ACTIVE;

  /**
   * What a command changed.
   *
   * @param state the state now in force for the scope
   * @param global whether the command applies to the whole account
   * @param scope the command's scope, as written
   */
  public record Change(TradingState state, boolean global, String scope) {}

  /** Control of one account, everything ACTIVE until a command says otherwise. */
  public TradingControl(String account, ExecutionCounters counters) {
    this.account = account;
    this.counters = counters;
  }

  /** Applies a HALT, REDUCE_ONLY or RESUME command to its scope. */
  public synchronized Change apply(ControlCommand c) {
    TradingState state =
        switch (c.getCommand()) {
          case HALT -> TradingState.HALTED;
          case REDUCE_ONLY -> TradingState.REDUCE_ONLY;
          case RESUME -> TradingState.ACTIVE;
        };
    String scope = c.getScope();
    boolean global = GLOBAL_SCOPE.equals(scope) || account.equals(scope);
    String key = global ? GLOBAL_SCOPE : scope;
    if (ControlGuard.isAutomaticHalt(c)) {
      automaticHalts.add(key);
    } else {
      automaticHalts.remove(key);
    }
    if (global) {
      globalState = state;
      counters.tradingState(state);
    } else {
      variantStates.put(scope, state);
    }
    return new Change(state, global, scope);
  }

  /** Whether the scope of {@code c} (the account, or a variant) is under an automatic HALT. */
  public synchronized boolean automaticHaltInForce(ControlCommand c) {
    String scope = c.getScope();
    boolean global = GLOBAL_SCOPE.equals(scope) || account.equals(scope);
    return automaticHalts.contains(global ? GLOBAL_SCOPE : scope);
  }

  /** The global state. */
  public TradingState global() {
    return globalState;
  }

  /** The state that applies to an order of {@code variant}: the stricter of global and variant. */
  public synchronized TradingState effective(String variant) {
    TradingState v = variantStates.getOrDefault(variant, TradingState.ACTIVE);
    return v.ordinal() > globalState.ordinal() ? v : globalState;
  }

  /** Whether the account or any variant is halted. */
  public synchronized boolean anyHalted() {
    return globalState == TradingState.HALTED || variantStates.containsValue(TradingState.HALTED);
  }

  @Override
  public synchronized String toString() {
    return globalState + " " + variantStates;
  }
}
