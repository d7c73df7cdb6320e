package io.nqflow.dbn.record;

/** Live symbol mapping (rtype 0x16), v2+ layout; unset stypes are 255. */
public record SymbolMappingMsg(
    RecordHeader hd,
    int stypeIn,
    String stypeInSymbol,
    int stypeOut,
    String stypeOutSymbol,
    long startTs,
    long endTs)
    implements DbnMessage {}
