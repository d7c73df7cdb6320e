package io.nqflow.risk.rules;

import io.nqflow.common.v1.InstrumentClass;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code instrument}: the signal is on an NQ or MNQ option (a CALL or PUT with a multiplier). An
 * opportunity names no instrument class (the chain job only ranks options), so only its underlying
 * is checked.
 */
public final class InstrumentRule implements Rule {
  @Override
  public RuleId id() {
    return RuleId.INSTRUMENT;
  }

  @Override
  public List<String> check(SignalContext c) {
    List<String> failures = new ArrayList<>(2);
    if (c.signal() != null) {
      InstrumentClass cls = c.signal().getInstrumentClass();
      if (cls != InstrumentClass.CALL && cls != InstrumentClass.PUT) {
        failures.add("instrument class " + cls + " is not an option (CALL or PUT)");
      }
    }
    if (c.multiplierUsd() <= 0) {
      failures.add(
          "underlying '" + c.underlying() + "' is neither NQ nor MNQ; no known multiplier");
    }
    return failures;
  }
}
