package io.nqflow.core.config;

/**
 * Market simulator settings ({@code simulator:}).
 *
 * @param seed random seed; the same seed gives the same market
 * @param days number of simulated sessions
 * @param scale chain size and event rate
 * @param sessionMinutes market minutes per simulated session (390 = a full regular session)
 */
public record SimulatorConfig(long seed, int days, SimulatorScale scale, int sessionMinutes)
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
