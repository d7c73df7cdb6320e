package io.nqflow.core.config;

/** Size of the simulated option chain and event rate. */
public enum SimulatorScale {
  SMALL,
  MEDIUM,
  FULL
}
