package io.nqflow.risk.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent decided outcomes of one algorithm and confidence bucket, oldest exit first, at
 * most {@code risk.validation.window} of them, one per signal id. A POJO in the gate's keyed map
 * state (key: the bucket); only {@link OutcomeValidation} changes it.
 */
public class ValidationWindow {
  public List<ValidationSample> samples = new ArrayList<>();

  /** Whether the bucket failed its accuracy the last time an outcome changed it. */
  public boolean blocked;

  public ValidationWindow() {}
}
