package io.nqflow.core.config;

/** Market simulator settings ({@code simulator:}). */
public record SimulatorConfig(
    @Doc("Random seed; the same seed gives the same market") long seed,
    @Doc("Number of simulated sessions") int days,
    @Doc("Chain size and event rate") SimulatorScale scale,
    @Doc("Market minutes per simulated session (390 = a full regular session)") int sessionMinutes,
    @Doc(
            "Market regime of every session (quiet, normal, high_vol_trend, gap_open, expiration,"
                + " news_jump, lunch_lull) or mixed (each regime once per 7 days); docs/simulator.md")
        String regime,
    @Doc(
            "Also list an MNQ option ($2 a point) on every NQ option expiry, strike and right, with"
                + " a thinner market than NQ (for executing NQ flow in micros: risk.execute_in);"
                + " false keeps the simulated market of runs without them byte for byte")
        boolean microChains)
    implements Validating {

  /** The regimes the simulator knows, and {@code mixed}. */
  public static final java.util.List<String> REGIMES =
      java.util.List.of(
          "quiet",
          "normal",
          "high_vol_trend",
          "gap_open",
          "expiration",
          "news_jump",
          "lunch_lull",
          "mixed");

  /** Without micro chains. */
  public SimulatorConfig(
      long seed, int days, SimulatorScale scale, int sessionMinutes, String regime) {
    this(seed, days, scale, sessionMinutes, regime, false);
  }

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(42L, 1, SimulatorScale.SMALL, 390, "normal", false);
  }

  @Override
  public void validate(Checks c) {
    c.range("days", days, 1, 3650);
    c.range("session_minutes", sessionMinutes, 1, 1440);
    c.require(
        regime != null && REGIMES.contains(regime),
        "regime",
        "must be one of " + String.join(", ", REGIMES) + ", was " + regime);
  }
}
