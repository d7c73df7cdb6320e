package io.nqflow.dbn.record;

/** One book level: prices in 1e-9 units, sizes and order counts. */
public record BidAskPair(long bidPx, long askPx, long bidSz, long askSz, long bidCt, long askCt) {}
