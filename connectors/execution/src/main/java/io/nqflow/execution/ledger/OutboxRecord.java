package io.nqflow.execution.ledger;

/**
 * A message waiting in the ledger to be published; written in the same transaction as the state
 * change it reports, so a crash can delay an event but never lose it.
 *
 * @param seq ledger sequence (0 before it is written)
 * @param topic topic name from {@link io.nqflow.schemas.Topics}
 * @param key record key, serialized
 * @param value record value, serialized
 */
public record OutboxRecord(long seq, String topic, byte[] key, byte[] value) {}
