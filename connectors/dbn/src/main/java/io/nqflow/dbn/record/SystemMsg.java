package io.nqflow.dbn.record;

/** Non-error gateway message or heartbeat (rtype 0x17), v2+ layout. */
public record SystemMsg(RecordHeader hd, String msg, int code) implements DbnMessage {}
