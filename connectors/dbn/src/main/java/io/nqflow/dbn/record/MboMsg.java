package io.nqflow.dbn.record;

/** Market-by-order event (rtype 0xA0). Prices 1e-9; times ns since the UNIX epoch. */
public record MboMsg(
    RecordHeader hd,
    long orderId,
    long price,
    long size,
    int flags,
    int channelId,
    char action,
    char side,
    long tsRecv,
    int tsInDelta,
    long sequence)
    implements DbnMessage {}
