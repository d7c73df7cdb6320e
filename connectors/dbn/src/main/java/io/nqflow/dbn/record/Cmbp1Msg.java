package io.nqflow.dbn.record;

import java.util.List;

/** Consolidated market by price, depth 1 (cmbp-1 and tcbbo). */
public record Cmbp1Msg(
    RecordHeader hd,
    long price,
    long size,
    char action,
    char side,
    int flags,
    long tsRecv,
    int tsInDelta,
    List<ConsolidatedBidAskPair> levels)
    implements DbnMessage {
  public Cmbp1Msg {
    levels = List.copyOf(levels);
  }
}
