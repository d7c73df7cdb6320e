package io.nqflow.databento;

/** Where a {@link LiveClient} is in its life. */
public enum ConnectionState {
  /** Built, not started. */
  NEW,
  /** Opening the socket, authenticating and subscribing (first attempt). */
  CONNECTING,
  /** The session is started and the DBN stream flows. */
  CONNECTED,
  /** The connection was lost (drop, heartbeat timeout, gateway error); a reconnect follows. */
  DISCONNECTED,
  /** Waiting out the backoff or re-establishing a session that resumes where delivery stopped. */
  RECONNECTING,
  /** Closed by {@link LiveClient#close()}. */
  CLOSED,
  /**
   * Stopped for good: authentication refused, reconnect attempts exhausted or the handler threw.
   */
  FAILED
}
