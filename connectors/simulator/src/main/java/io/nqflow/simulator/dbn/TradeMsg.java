package io.nqflow.simulator.dbn;

/**
 * A DBN trades-schema record (rtype 0x00, 48 bytes); {@code side} is the aggressor (B buy, A sell,
 * N none). Prices in 1e-9 units, times in ns since the epoch.
 */
public record TradeMsg(
    int publisherId,
    int instrumentId,
    long tsEvent,
    long price,
    int size,
    char action,
    char side,
    int flags,
    int depth,
    long tsRecv,
    int tsInDelta,
    long sequence)
    implements DbnRecord {}
