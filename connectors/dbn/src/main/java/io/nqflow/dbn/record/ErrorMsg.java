package io.nqflow.dbn.record;

/** Error from the live gateway (rtype 0x15), v2+ layout. */
public record ErrorMsg(RecordHeader hd, String err, int code, int isLast) implements DbnMessage {}
