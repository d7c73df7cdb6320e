package io.nqflow.dbn.record;

import java.util.List;

/** Subsampled best bid and offer (bbo-1s, bbo-1m); {@code levels} has one element. */
public record BboMsg(
    RecordHeader hd,
    long price,
    long size,
    char side,
    int flags,
    long tsRecv,
    long sequence,
    List<BidAskPair> levels)
    implements DbnMessage {
  public BboMsg {
    levels = List.copyOf(levels);
  }
}
