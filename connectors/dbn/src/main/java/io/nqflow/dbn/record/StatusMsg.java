package io.nqflow.dbn.record;

/** Trading status update (rtype 0x12). */
public record StatusMsg(
    RecordHeader hd,
    long tsRecv,
    int action,
    int reason,
    int tradingEvent,
    char isTrading,
    char isQuoting,
    char isShortSellRestricted)
    implements DbnMessage {}
