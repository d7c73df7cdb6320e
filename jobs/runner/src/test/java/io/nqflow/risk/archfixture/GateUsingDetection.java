package io.nqflow.risk.archfixture;

import io.nqflow.flow.signal.SignalJsonLines;
import java.util.Comparator;

/** A deliberately wrong job class using another job (test fixture only). */
public final class GateUsingDetection {
  private GateUsingDetection() {}

  static Comparator<?> order() {
    return SignalJsonLines.FILE_ORDER;
  }
}
