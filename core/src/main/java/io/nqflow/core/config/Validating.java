package io.nqflow.core.config;

/** A config record that checks its own ranges and cross-field rules. */
public interface Validating {

  /** Reports every violation to {@code checks}; never throws for bad values. */
  void validate(Checks checks);
}
