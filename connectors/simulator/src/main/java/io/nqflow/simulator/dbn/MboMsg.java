package io.nqflow.simulator.dbn;

/**
 * A DBN market-by-order record (rtype 0xA0, 56 bytes). Prices in 1e-9 units, times in ns since the
 * epoch; {@code action} is one of A, C, M, R, T, F, N and {@code side} one of B, A, N.
 */
public record MboMsg(
    int publisherId,
    int instrumentId,
    long tsEvent,
    long orderId,
    long price,
    int size,
    int flags,
    int channelId,
    char action,
    char side,
    long tsRecv,
    int tsInDelta,
    long sequence)
    implements DbnRecord {}
