package io.nqflow.simulator.episode;

import static io.nqflow.simulator.SimTime.SEC;

import java.util.List;

/** The episode kinds a session plans, in planning order, with their nominal durations. */
public final class EpisodeKinds {
  /**
   * The original kinds; the order is the planning order, so it is part of a seed's output. A run
   * without the extended decoys plans exactly these.
   */
  public static final List<String> KINDS =
      List.of(
          "SWEEP",
          "LADDER",
          "ICEBERG",
          "BLOCK",
          "ACCUMULATION",
          "MM_BURST",
          "SPREAD",
          "RETAIL_FRENZY");

  /** Decoys planned after {@link #KINDS} unless a run leaves them out. */
  public static final List<String> EXTENDED_DECOYS =
      List.of("MM_HEDGE", "LEGGED_SPREAD", "RETAIL_CLUSTER", "CLOSING_PRINT");

  /** Every kind, in planning order. */
  public static final List<String> ALL =
      java.util.stream.Stream.concat(KINDS.stream(), EXTENDED_DECOYS.stream()).toList();

  private EpisodeKinds() {}

  /** The kinds a session plans, in order. */
  public static List<String> kinds(boolean extendedDecoys) {
    return extendedDecoys ? ALL : KINDS;
  }

  /** How long an episode of {@code kind} runs in a session {@code sessionLength} ns long. */
  public static long nominalDuration(String kind, long sessionLength) {
    long d =
        switch (kind) {
          case "SWEEP", "SPREAD" -> SEC;
          case "LADDER" -> 10 * SEC;
          case "ICEBERG" -> 120 * SEC;
          case "BLOCK" -> 90 * SEC;
          case "ACCUMULATION" -> 600 * SEC;
          case "MM_BURST" -> 40 * SEC;
          case "RETAIL_FRENZY" -> 300 * SEC;
          case "MM_HEDGE", "LEGGED_SPREAD" -> 60 * SEC;
          case "CLOSING_PRINT" -> 300 * SEC;
          case "RETAIL_CLUSTER" -> 900 * SEC;
          default -> throw new IllegalArgumentException("unknown episode kind " + kind);
        };
    return Math.max(SEC, Math.min(d, (long) (sessionLength * 0.3)));
  }

  /** A new, not yet started episode of {@code kind}. */
  public static EpisodeRun create(String kind, long duration, Session session) {
    return switch (kind) {
      case "SWEEP" -> new Sweep(session, duration);
      case "LADDER" -> new Ladder(session, duration);
      case "ICEBERG" -> new Iceberg(session, duration);
      case "BLOCK" -> new Block(session, duration);
      case "ACCUMULATION" -> new Accumulation(session, duration);
      case "MM_BURST" -> new MmBurst(session, duration);
      case "SPREAD" -> new Spread(session, duration);
      case "RETAIL_FRENZY" -> new RetailFrenzy(session, duration);
      case "MM_HEDGE" -> new MmHedge(session, duration);
      case "LEGGED_SPREAD" -> new LeggedSpread(session, duration);
      case "RETAIL_CLUSTER" -> new RetailCluster(session, duration);
      case "CLOSING_PRINT" -> new ClosingPrint(session, duration);
      default -> throw new IllegalArgumentException("unknown episode kind " + kind);
    };
  }
}
