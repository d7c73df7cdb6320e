package io.nqflow.dbn.record;

/** Trade (mbp-0, rtype 0x00), the record of the trades schema. */
public record TradeMsg(
    RecordHeader hd,
    long price,
    long size,
    char action,
    char side,
    int flags,
    int depth,
    long tsRecv,
    int tsInDelta,
    long sequence)
    implements DbnMessage {}
