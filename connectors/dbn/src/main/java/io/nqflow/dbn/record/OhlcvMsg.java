package io.nqflow.dbn.record;

/** Open, high, low, close (1e-9 units) and volume of one bar (all ohlcv-* schemas). */
public record OhlcvMsg(RecordHeader hd, long open, long high, long low, long close, long volume)
    implements DbnMessage {}
