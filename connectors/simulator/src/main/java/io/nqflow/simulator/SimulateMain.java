package io.nqflow.simulator;

import java.nio.file.Path;

/**
 * Plain entry point for timing the simulator without the CLI: {@code SimulateMain <seed> <days>
 * <scale> <outDir> [sessionMinutes]}; prints records and elapsed seconds.
 */
public final class SimulateMain {
  private SimulateMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "usage: SimulateMain <seed> <days> <small|medium|full> <outDir> [sessionMinutes]");
    }
    SimulationConfig cfg =
        SimulationConfig.of(
            Long.parseLong(args[0]), Integer.parseInt(args[1]), Scale.parse(args[2]));
    if (args.length > 4) {
      cfg = cfg.withSessionMinutes(Integer.parseInt(args[4]));
    }
    long t0 = System.nanoTime();
    SimulationResult r = Simulator.run(cfg, Path.of(args[3]));
    double secs = (System.nanoTime() - t0) / 1e9;
    for (SimulationResult.Day d : r.days()) {
      System.out.println(
          d.date()
              + " instruments="
              + d.instruments()
              + " records="
              + d.records()
              + " episodes="
              + d.episodes()
              + " skipped="
              + d.skippedEpisodes());
    }
    System.out.printf("elapsed_s=%.2f%n", secs);
  }
}
