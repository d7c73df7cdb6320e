package io.nqflow.runner.sim;

import io.nqflow.core.files.OwnerOnly;
import io.nqflow.simulator.Regime;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.SimulationResult;
import io.nqflow.simulator.Simulator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nqflow simulate}: writes a labelled simulated NQ options market (DBN + truth.jsonl). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Writes a labelled simulated NQ options market: DBN files per day and truth.jsonl.")
public final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--seed", required = true, description = "Random seed (same seed, same bytes).")
  long seed;

  @Option(
      names = "--days",
      defaultValue = "1",
      description = "Consecutive sessions; the last is the live day (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--scale",
      defaultValue = "small",
      description = "small, medium or full (default ${DEFAULT-VALUE}).")
  String scale;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(names = "--start-date", description = "First session, yyyy-mm-dd (default 2026-01-05).")
  LocalDate startDate;

  @Option(
      names = "--session-minutes",
      defaultValue = "390",
      description = "Minutes of market time from 09:30 ET (default ${DEFAULT-VALUE}).")
  int sessionMinutes;

  @Option(
      names = "--history",
      defaultValue = "light",
      description =
          "light (trades, definitions, statistics for history days) or full (MBO every day); default ${DEFAULT-VALUE}.")
  String history;

  @Option(
      names = "--regime",
      defaultValue = "normal",
      description =
          "Market regime of every session: quiet, normal, high_vol_trend, gap_open, expiration"
              + " (the session moves to that week's Friday, a 0DTE weekly trades heavily),"
              + " news_jump or lunch_lull; or mixed: every regime once per 7 days in an order"
              + " drawn from the seed (default ${DEFAULT-VALUE}; see docs/simulator.md).")
  String regime;

  @Option(
      names = "--extended-decoys",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also inject the MM_HEDGE, LEGGED_SPREAD, RETAIL_CLUSTER and CLOSING_PRINT decoys"
              + " (default on; --no-extended-decoys writes the DBN and truth files of older runs byte for byte).")
  boolean extendedDecoys;

  @Option(
      names = "--micro-chains",
      description =
          "Also list an MNQ option ($2 a point) on every NQ option's expiry, strike and right,"
              + " with a thinner market; episodes stay on NQ (default off: the output of runs"
              + " without them byte for byte).")
  boolean microChains;

  @Override
  public Integer call() throws Exception {
    if (!history.equals("light") && !history.equals("full")) {
      throw new IllegalArgumentException("--history must be light or full, was '" + history + "'");
    }
    SimulationConfig cfg =
        new SimulationConfig(
            seed,
            days,
            Scale.parse(scale),
            startDate != null ? startDate : SimulationConfig.DEFAULT_START,
            sessionMinutes,
            history.equals("full"),
            SimulationConfig.DEFAULT_START_PRICE,
            regime.equalsIgnoreCase("mixed") ? Regime.NORMAL : Regime.parse(regime),
            regime.equalsIgnoreCase("mixed"),
            extendedDecoys,
            microChains);
    // Folders this run creates are owner-only; an existing --out keeps its mode.
    OwnerOnly.createMissingDirectories(out);
    SimulationResult r = Simulator.run(cfg, out);
    for (SimulationResult.Day d : r.days()) {
      System.out.printf(
          "%s%s regime=%s instruments=%d episodes=%d records=%s%n",
          d.date(),
          d.live() ? " (live)" : "",
          d.regime(),
          d.instruments(),
          d.episodes(),
          d.records());
    }
    System.out.printf("wrote %s (%d episodes in truth.jsonl)%n", out, r.episodes().size());
    return 0;
  }
}
