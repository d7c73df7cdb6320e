package io.nqflow.databento;

import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;

/**
 * Receives what a {@link LiveClient} session delivers, on the client thread, in stream order.
 *
 * <p>The {@link DbnRecord} passed to {@link #onRecord} is a flyweight over the decoder's buffer:
 * valid only during the call; keep it with {@code copy()} or {@code toMessage()}. An exception
 * thrown by a method here stops the client ({@link ConnectionState#FAILED}): a record the consumer
 * could not take is never skipped silently.
 */
@FunctionalInterface
public interface RecordHandler {
  /**
   * A data record (or a symbol-mapping record). After a reconnect, records the client already
   * delivered are not delivered again.
   */
  void onRecord(DbnRecord record) throws Exception;

  /**
   * The DBN metadata that opens every session's stream.
   *
   * @param resumed false for the first session, true for a session that resumes after a reconnect
   */
  default void onMetadata(Metadata metadata, boolean resumed) throws Exception {}

  /**
   * An ErrorMsg record from the gateway (e.g. a symbol that did not resolve).
   *
   * @param code Databento's error code (1 auth failed, 2 API key deactivated, 3 connection limit, 4
   *     symbol resolution failed, 5 invalid subscription, 6 internal error; 255 unset, v1 has none)
   */
  default void onGatewayError(String message, int code) throws Exception {}

  /**
   * A SystemMsg record other than a heartbeat (subscription acknowledgement, slow-reader warning,
   * replay completed, end of interval).
   */
  default void onSystemMessage(String message, int code) throws Exception {}

  /**
   * The client stopped for good.
   *
   * @param failure null after {@link LiveClient#close()}, else why it failed
   */
  default void onTerminated(Throwable failure) {}
}
