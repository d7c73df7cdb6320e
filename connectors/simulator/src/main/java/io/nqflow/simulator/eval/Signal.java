package io.nqflow.simulator.eval;

/**
 * The fields of one detector signal (docs/design.md §7, "signals (detect)") the scorer uses.
 *
 * @param signalId unique id
 * @param variant A/B variant name
 * @param algorithm detector name
 * @param instrumentId instrument the signal is about
 * @param direction BULLISH, BEARISH or NEUTRAL
 * @param tsEvent event time of the triggering market event, ns
 */
public record Signal(
    String signalId,
    String variant,
    String algorithm,
    int instrumentId,
    String direction,
    long tsEvent) {}
