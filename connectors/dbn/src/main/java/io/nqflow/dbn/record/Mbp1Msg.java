package io.nqflow.dbn.record;

import java.util.List;

/** Market by price, depth 1 (mbp-1 and tbbo, rtype 0x01); {@code levels} has one element. */
public record Mbp1Msg(
    RecordHeader hd,
    long price,
    long size,
    char action,
    char side,
    int flags,
    int depth,
    long tsRecv,
    int tsInDelta,
    long sequence,
    List<BidAskPair> levels)
    implements DbnMessage {
  public Mbp1Msg {
    levels = List.copyOf(levels);
  }
}
