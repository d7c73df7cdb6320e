package io.nqflow.dbn.record;

/** Publisher statistic (rtype 0x18), v3 layout: quantity is i64 (undefined = i64::MAX). */
public record StatMsg(
    RecordHeader hd,
    long tsRecv,
    long tsRef,
    long price,
    long quantity,
    long sequence,
    int tsInDelta,
    int statType,
    int channelId,
    int updateAction,
    int statFlags)
    implements DbnMessage {}
