package io.nqflow.flow;

import io.nqflow.signals.v1.FlowSignal;

/**
 * A signal waiting in the confirmation stage (keyed state, a Flink POJO): when each check is due
 * and whether it ran. Times are ms in the stage's time domain (event time when aligned to the
 * watermark, wall time on arrival).
 */
public final class HeldSignal {
  public FlowSignal signal;

  /** When the hedge check runs (the trigger + the hedge window). */
  public long hedgeAt;

  /** When the spread-leg check runs (the trigger + the leg window). */
  public long legAt;

  public boolean hedgeChecked;
  public boolean legChecked;

  public HeldSignal() {}

  public HeldSignal(FlowSignal signal, long hedgeAt, long legAt) {
    this.signal = signal;
    this.hedgeAt = hedgeAt;
    this.legAt = legAt;
  }

  /** Both checks ran and neither rejected it: it may go on. */
  public boolean confirmed() {
    return hedgeChecked && legChecked;
  }
}
