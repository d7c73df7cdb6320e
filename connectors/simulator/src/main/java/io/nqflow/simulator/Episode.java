package io.nqflow.simulator;

import java.util.List;

/**
 * One labelled episode, a line of {@code truth.jsonl} (docs/design.md §7, docs/simulator.md): an
 * injected institutional pattern ({@code expectSignal} true) or a decoy that a detector must not
 * signal.
 *
 * @param id unique id, {@code <yyyymmdd>-<nn>-<kind>}
 * @param kind SWEEP, LADDER, ICEBERG, BLOCK, ACCUMULATION, MM_BURST, SPREAD, RETAIL_FRENZY,
 *     MM_HEDGE, LEGGED_SPREAD, RETAIL_CLUSTER or CLOSING_PRINT
 * @param instrumentIds instruments the episode traded
 * @param rawSymbols their CME symbols, same order
 * @param underlying the futures symbol, e.g. NQH6
 * @param side BUY or SELL (the institution's side: the aggressor, or the resting side for an
 *     iceberg), NONE for two-sided decoys
 * @param direction BULLISH, BEARISH or NEUTRAL
 * @param contracts contracts the episode traded
 * @param premiumUsd premium notional in US dollars (price x contracts x multiplier)
 * @param tsStart event time of the episode's first record, ns
 * @param tsEnd event time of its last record, ns
 * @param expectSignal whether a detector should signal it
 * @param day session date, yyyy-mm-dd
 * @param regime the session's market regime (docs/simulator.md), e.g. {@code normal}
 */
public record Episode(
    String id,
    String kind,
    List<Integer> instrumentIds,
    List<String> rawSymbols,
    String underlying,
    String side,
    String direction,
    long contracts,
    double premiumUsd,
    long tsStart,
    long tsEnd,
    boolean expectSignal,
    String day,
    String regime) {

  public Episode {
    instrumentIds = List.copyOf(instrumentIds);
    rawSymbols = List.copyOf(rawSymbols);
  }

  /** Direction implied by trading an option: buying calls or selling puts is bullish. */
  public static String direction(boolean call, boolean buy) {
    return call == buy ? "BULLISH" : "BEARISH";
  }
}
