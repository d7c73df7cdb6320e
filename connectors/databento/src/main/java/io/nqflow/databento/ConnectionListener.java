package io.nqflow.databento;

/**
 * Told of every {@link ConnectionState} change of a {@link LiveClient}, e.g. so a feed can fail
 * over to another source while the client reconnects. Called on the client thread; keep it quick.
 */
@FunctionalInterface
public interface ConnectionListener {
  /**
   * @param from the previous state
   * @param to the new state
   * @param reason why, in words (never contains the API key); the failure's message for {@link
   *     ConnectionState#DISCONNECTED} and {@link ConnectionState#FAILED}
   */
  void onStateChange(ConnectionState from, ConnectionState to, String reason);
}
