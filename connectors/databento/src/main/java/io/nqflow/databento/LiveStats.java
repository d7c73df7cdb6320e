package io.nqflow.databento;

/**
 * Counters of a {@link LiveClient}, a consistent-enough snapshot for metrics and logs.
 *
 * @param state the connection state
 * @param sessions sessions authenticated and started (1 + successful reconnects)
 * @param reconnects reconnect attempts (successful or not)
 * @param heartbeatTimeouts connections declared dead because nothing arrived for the heartbeat
 *     interval plus the grace period
 * @param recordsDelivered records given to {@link RecordHandler#onRecord}
 * @param duplicatesDropped records a resumed session sent again and the client dropped
 * @param heartbeats heartbeat SystemMsg records received
 * @param systemMessages other SystemMsg records
 * @param gatewayErrors ErrorMsg records
 * @param bytesReceived DBN bytes decoded (metadata and records), all sessions
 * @param lastTsEvent ts_event of the newest record delivered, ns since the epoch, or -1
 * @param sessionId the gateway's id of the current (or last) session, or null
 */
public record LiveStats(
    ConnectionState state,
    long sessions,
    long reconnects,
    long heartbeatTimeouts,
    long recordsDelivered,
    long duplicatesDropped,
    long heartbeats,
    long systemMessages,
    long gatewayErrors,
    long bytesReceived,
    long lastTsEvent,
    String sessionId) {}
