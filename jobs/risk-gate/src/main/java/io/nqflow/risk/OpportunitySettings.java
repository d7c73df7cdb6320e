package io.nqflow.risk;

import io.nqflow.core.config.Doc;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the gate uses the chain-analytics job's opportunities: {@code risk.opportunities:} of a
 * profile (docs/risk.md, "Opportunities").
 *
 * @param mode ignore (the topic is not read), trade, or confirm
 * @param confirmWithin in confirm mode, how long (event time) before a flow signal an opportunity
 *     of the same underlying and direction confirms it
 * @param minProbability an opportunity's probability of reaching its target, at least (0..1)
 * @param minEvPoints an opportunity's expected value, at least, index points of the premium
 */
public record OpportunitySettings(
    @Doc(
            "What the gate does with signals.opportunity: IGNORE (not read), TRADE (gated and"
                + " traded like a flow signal) or CONFIRM (a flow-signal entry needs a recent"
                + " opportunity of the same underlying and direction)")
        OpportunityMode mode,
    @Doc(
            value =
                "Confirm mode: an opportunity confirms flow signals of its underlying and"
                    + " direction whose event time is at most this much later than its own",
            unit = "duration")
        Duration confirmWithin,
    @Doc(
            value =
                "Lowest probability of reaching the target an opportunity may have to trade or"
                    + " confirm",
            unit = "probability")
        double minProbability,
    @Doc(
            value = "Lowest expected value an opportunity may have to trade or confirm",
            unit = "points")
        double minEvPoints)
    implements Serializable {

  public OpportunitySettings {
    List<String> errors = new ArrayList<>();
    if (mode == null) {
      errors.add("opportunities.mode must be set (IGNORE, TRADE or CONFIRM)");
    }
    if (confirmWithin == null || confirmWithin.isZero() || confirmWithin.isNegative()) {
      errors.add("opportunities.confirm_within must be positive, got " + confirmWithin);
    }
    if (!(minProbability >= 0 && minProbability <= 1)) {
      errors.add("opportunities.min_probability must be in [0, 1], got " + minProbability);
    }
    if (Double.isNaN(minEvPoints) || Double.isInfinite(minEvPoints)) {
      errors.add("opportunities.min_ev_points must be a finite number, got " + minEvPoints);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid risk opportunity settings: " + String.join("; ", errors));
    }
  }

  /** Opportunities ignored; 5 min confirmation window, probability 0.6, 15 points of EV. */
  public static OpportunitySettings defaults() {
    return new OpportunitySettings(OpportunityMode.IGNORE, Duration.ofMinutes(5), 0.6, 15.0);
  }

  /** These settings with another mode. */
  public OpportunitySettings withMode(OpportunityMode m) {
    return new OpportunitySettings(m, confirmWithin, minProbability, minEvPoints);
  }
}
