package io.nqflow.dbn.record;

/** One consolidated book level: prices in 1e-9 units, sizes, and the publisher of each side. */
public record ConsolidatedBidAskPair(
    long bidPx, long askPx, long bidSz, long askSz, int bidPb, int askPb) {}
