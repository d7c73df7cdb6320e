package io.nqflow.dbn.record;

import java.util.List;

/** Subsampled consolidated best bid and offer (cbbo-1s, cbbo-1m). */
public record CbboMsg(
    RecordHeader hd,
    long price,
    long size,
    char side,
    int flags,
    long tsRecv,
    List<ConsolidatedBidAskPair> levels)
    implements DbnMessage {
  public CbboMsg {
    levels = List.copyOf(levels);
  }
}
