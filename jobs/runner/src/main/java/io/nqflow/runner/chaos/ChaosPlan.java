package io.nqflow.runner.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which faults a chaos run injects and when, drawn from a seed: the same seed gives the same plan.
 *
 * @param runs the injections of each consecutive stack run, in time order
 */
public record ChaosPlan(long seed, List<List<Injection>> runs) {

  /**
   * One fault.
   *
   * @param index number of the injection in the whole plan (0-based)
   * @param kind what fails
   * @param at when, as a fraction (0..1) of the live session's replay time
   * @param outage how long the failed part stays down before it is started again (a broker-API
   *     outage lasts this long; a TaskManager is replaced at once)
   * @param crashPoint for an execution-service kill: inside the next order placement (before the
   *     broker receives it, or after it accepted it), or null for wherever the service is
   */
  public record Injection(
      int index, FaultKind kind, double at, Duration outage, OutageBroker.CrashPoint crashPoint) {}

  /** Shortest and longest outage drawn. */
  static final Duration MIN_OUTAGE = Duration.ofMillis(500);

  static final Duration MAX_OUTAGE = Duration.ofSeconds(4);

  /**
   * Draws {@code injections} faults of the given kinds, at most {@code perRun} per stack run. When
   * there are at least as many injections as kinds, every kind is drawn at least once.
   */
  public static ChaosPlan draw(long seed, int injections, List<FaultKind> kinds, int perRun) {
    if (injections < 1) {
      throw new IllegalArgumentException("--injections must be at least 1, got " + injections);
    }
    if (perRun < 1) {
      throw new IllegalArgumentException("--per-run must be at least 1, got " + perRun);
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("--kinds names no fault kind");
    }
    Random rnd = new Random(seed);
    List<FaultKind> drawn = new ArrayList<>();
    if (injections >= kinds.size()) {
      drawn.addAll(kinds);
    }
    while (drawn.size() < injections) {
      drawn.add(kinds.get(rnd.nextInt(kinds.size())));
    }
    Collections.shuffle(drawn, rnd);
    List<List<Injection>> runs = new ArrayList<>();
    int index = 0;
    for (int from = 0; from < drawn.size(); from += perRun) {
      List<FaultKind> part = drawn.subList(from, Math.min(drawn.size(), from + perRun));
      List<Injection> run = new ArrayList<>();
      for (FaultKind k : part) {
        // Spread over the live session, away from its very start and end.
        double at = 0.05 + 0.85 * rnd.nextDouble();
        long ms =
            MIN_OUTAGE.toMillis()
                + (long) (rnd.nextDouble() * (MAX_OUTAGE.toMillis() - MIN_OUTAGE.toMillis()));
        // Execution kills: a third anywhere, a third before and a third after a placement.
        int p = rnd.nextInt(3);
        OutageBroker.CrashPoint point =
            k != FaultKind.EXECUTION || p == 0 ? null : OutageBroker.CrashPoint.values()[p - 1];
        run.add(new Injection(0, k, at, Duration.ofMillis(ms), point));
      }
      run.sort(Comparator.comparingDouble(Injection::at));
      List<Injection> numbered = new ArrayList<>();
      for (Injection i : run) {
        numbered.add(new Injection(index++, i.kind(), i.at(), i.outage(), i.crashPoint()));
      }
      runs.add(List.copyOf(numbered));
    }
    return new ChaosPlan(seed, List.copyOf(runs));
  }

  /** Every injection of the plan. */
  public List<Injection> all() {
    return runs.stream().flatMap(List::stream).toList();
  }
}
