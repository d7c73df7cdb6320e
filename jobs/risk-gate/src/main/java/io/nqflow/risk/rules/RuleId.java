package io.nqflow.risk.rules;

/**
 * The names of the gate's rules in their order of evaluation (docs/risk.md); each has one {@link
 * Rule} class in {@link RuleChain}. {@link #wireName()} is what RuleViolation.rule carries and what
 * metrics are labelled with.
 */
public enum RuleId {
  TRADING_STATE("trading_state", false),
  INSTRUMENT("instrument", true),
  EXECUTE_IN("execute_in", true),
  SIDE("side", true),
  REFERENCE_PRICE("reference_price", true),
  CONFIDENCE("confidence", true),
  TRADING_HOURS("trading_hours", true),
  TIME_TO_EXPIRY("time_to_expiry", false),
  COOLDOWN("cooldown", false),
  ORDER_RATE("order_rate", true),
  STOP_LOSS("stop_loss", false),
  RISK_REWARD("risk_reward", false),
  MAX_POSITION("max_position", false),
  MAX_TOTAL_POSITION("max_total_position", false),
  MAX_TOTAL_RISK("max_total_risk", false),
  DAILY_LOSS("daily_loss", false),
  DAILY_LOSS_HEADROOM("daily_loss_headroom", false),
  DATA_BUDGET_DAILY("data_budget_daily", false),
  DATA_BUDGET_MONTHLY("data_budget_monthly", false),
  COST_PER_SIGNAL("cost_per_signal", false),
  OPPORTUNITY_PROBABILITY("opportunity_probability", false),
  OPPORTUNITY_EV("opportunity_ev", false),
  OPPORTUNITY_CONFIRMATION("opportunity_confirmation", false),
  VALIDATED_ACCURACY("validated_accuracy", false);

  private final String wireName;
  private final boolean appliesToExits;

  RuleId(String wireName, boolean appliesToExits) {
    this.wireName = wireName;
    this.appliesToExits = appliesToExits;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether the rule also guards exits (orders that only reduce a position). */
  public boolean appliesToExits() {
    return appliesToExits;
  }

  /** The rule with this wire name. */
  public static RuleId ofWireName(String name) {
    for (RuleId r : values()) {
      if (r.wireName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown risk rule '" + name + "'");
  }
}
