package io.nqflow.simulator.dbn;

/**
 * A DBN v3 statistics record (rtype 0x18, 80 bytes, 64-bit quantity). {@code price} is 1e-9 units
 * or {@link DbnConstants#UNDEF_PRICE}; {@code quantity} is contracts or {@link
 * DbnConstants#UNDEF_STAT_QUANTITY}.
 */
public record StatMsg(
    int publisherId,
    int instrumentId,
    long tsEvent,
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
    implements DbnRecord {}
