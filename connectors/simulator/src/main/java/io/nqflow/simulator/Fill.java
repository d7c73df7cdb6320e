package io.nqflow.simulator;

/**
 * What one aggressive order got.
 *
 * @param qty contracts filled (0 when nothing rested within the limit)
 * @param premiumUsd premium paid or received, USD (price x contracts x multiplier)
 * @param levels price levels taken
 * @param ts event time of the match, ns
 */
public record Fill(int qty, double premiumUsd, int levels, long ts) {}
