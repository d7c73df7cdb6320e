package io.nqflow.core.config;

/** Market simulator settings ({@code simulator:}). */
public record SimulatorConfig(
    @Doc("Random seed; the same seed gives the same market") long seed,
    @Doc("Number of simulated sessions") int days,
    @Doc("Chain size and event rate") SimulatorScale scale,
    @Doc("Market minutes per simulated session (390 = a full regular session)") int sessionMinutes)
    implements Validating {

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(42L, 1, SimulatorScale.SMALL, 390);
  }

  @Override
  public void validate(Checks c) {
    c.range("days", days, 1, 3650);
    c.range("session_minutes", sessionMinutes, 1, 1440);
  }
}
