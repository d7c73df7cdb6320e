package io.nqflow.flow;

/**
 * What an option event is after routing. TRADE is the aggressor's side of a trade, counted once (a
 * {@code Trade} payload or an MBO {@code T} record); FILL is the resting order's side of the same
 * trade (MBO {@code F}) and never counts as volume.
 */
public enum EventKind {
  TRADE,
  ADD,
  CANCEL,
  MODIFY,
  FILL,
  CLEAR
}
