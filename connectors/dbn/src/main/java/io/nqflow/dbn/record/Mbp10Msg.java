package io.nqflow.dbn.record;

import java.util.List;

/** Market by price, depth 10 (rtype 0x0A); {@code levels} has ten elements. */
public record Mbp10Msg(
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
  public Mbp10Msg {
    levels = List.copyOf(levels);
  }
}
